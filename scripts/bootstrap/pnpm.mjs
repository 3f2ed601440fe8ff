// Runs the workspace's pinned pnpm without corepack (whose download of pnpm fails its signature check
// here): `npx --yes pnpm@<version from package.json's packageManager>`. Also decides whether
// `pnpm install` has to run, from a hash of everything that shapes node_modules.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BootstrapError, info, runOrFail } from './log.mjs';

export const STAMP_FILE = join('node_modules', '.reelback-install-stamp');

/** 'pnpm@10.34.9' or 'pnpm@10.34.9+sha512.…' → '10.34.9'. */
export function pnpmVersion(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const match = /^pnpm@(\d+\.\d+\.\d+[^+]*)/.exec(manifest.packageManager ?? '');
  if (!match) throw new BootstrapError(`package.json must pin pnpm as "packageManager": "pnpm@x.y.z" (found ${JSON.stringify(manifest.packageManager)})`);
  return match[1];
}

/** The `packages:` globs of pnpm-workspace.yaml (only the simple forms used here: `dir` and `dir/*`). */
export function workspacePatterns(yamlText) {
  const patterns = [];
  let inPackages = false;
  for (const line of yamlText.split(/\r?\n/)) {
    if (/^packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (inPackages) {
      const item = /^\s+-\s+['"]?([^'"#]+?)['"]?\s*(#.*)?$/.exec(line);
      if (item) patterns.push(item[1]);
      else if (/^\S/.test(line)) inPackages = false;
    }
  }
  return patterns;
}

/** Every workspace package.json (relative paths, sorted), found from pnpm-workspace.yaml. */
export function workspaceManifests(root) {
  const yamlPath = join(root, 'pnpm-workspace.yaml');
  const patterns = existsSync(yamlPath) ? workspacePatterns(readFileSync(yamlPath, 'utf8')) : [];
  const dirs = new Set();
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) continue;
    if (pattern.endsWith('/*')) {
      const parent = pattern.slice(0, -2);
      if (!existsSync(join(root, parent))) continue;
      for (const entry of readdirSync(join(root, parent), { withFileTypes: true })) {
        if (entry.isDirectory()) dirs.add(`${parent}/${entry.name}`);
      }
    } else {
      dirs.add(pattern.replace(/\/$/, ''));
    }
  }
  return [...dirs].map((d) => `${d}/package.json`).filter((p) => existsSync(join(root, p))).sort();
}

/**
 * A hash of what decides the content of node_modules: the lockfile, the workspace file, every
 * package.json, the pnpm version, and the Node ABI / platform (better-sqlite3 is compiled for it).
 */
export function installHash(root) {
  const hash = createHash('sha256');
  hash.update(`pnpm ${pnpmVersion(root)}\nnode-abi ${process.versions.modules} ${process.platform} ${process.arch}\n`);
  for (const file of ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json', ...workspaceManifests(root)]) {
    const path = join(root, file);
    hash.update(`\0${file}\0`);
    hash.update(existsSync(path) ? readFileSync(path) : '(missing)');
  }
  return hash.digest('hex');
}

function readStamp(root) {
  try {
    return JSON.parse(readFileSync(join(root, STAMP_FILE), 'utf8')).hash ?? null;
  } catch {
    return null;
  }
}

/** Why an install is needed, or null when node_modules matches the stamp. */
export function installReason(root) {
  if (!existsSync(join(root, 'node_modules', '.modules.yaml'))) return 'node_modules is missing';
  const stamp = readStamp(root);
  if (stamp === null) return 'node_modules has no install stamp';
  if (stamp !== installHash(root)) return 'the lockfile, a package.json or the Node version changed';
  return null;
}

export function writeStamp(root) {
  writeFileSync(join(root, STAMP_FILE), `${JSON.stringify({ hash: installHash(root), at: new Date().toISOString() }, null, 2)}\n`);
}

// `npm start` / `npm test` export npm's own settings as npm_config_*, and pnpm reads those as its
// config too (npm_config_loglevel=silent from `npm -s` would hide the install). Drop the ones that
// describe npm's run rather than the machine; keep the rest (registry, proxies, cafile, nodedir, store-dir…).
const NPM_RUN_SETTINGS = new Set(['loglevel', 'yes', 'user_agent', 'prefix', 'global_prefix', 'local_prefix', 'npm_version', 'node_gyp', 'init_module', 'omit_lockfile_registry_resolved', 'update_notifier', 'allow_scripts', 'audit', 'fund', 'global', 'argv', 'userconfig', 'globalconfig']);
export function pnpmEnv(env = process.env) {
  const out = {};
  for (const [key, value] of Object.entries(env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_config_') && NPM_RUN_SETTINGS.has(lower.slice('npm_config_'.length))) continue;
    if (/^npm_(lifecycle_|package_|command$|execpath$|node_execpath$)/.test(lower)) continue;
    out[key] = value;
  }
  return { ...out, COREPACK_ENABLE_STRICT: '0', COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' };
}

/** Runs `pnpm <args>` through npx at the pinned version; fails with a BootstrapError naming the step. */
export async function pnpm(root, args, what) {
  const version = pnpmVersion(root);
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  await runOrFail(npx, ['--yes', `pnpm@${version}`, ...args], { cwd: root, env: pnpmEnv(), stdio: ['ignore', 'inherit', 'inherit'] }, what ?? `pnpm ${args.join(' ')}`);
}

/** `pnpm install --frozen-lockfile` unless node_modules already matches; returns whether it ran. */
export async function installDependencies(root, { force = false } = {}) {
  const reason = force ? 'forced' : installReason(root);
  if (!reason) {
    info('node_modules is up to date (install stamp matches): skipping pnpm install');
    return false;
  }
  info(`${reason}: running pnpm install (better-sqlite3 compiles from source: allow 2–3 minutes)`);
  try {
    await pnpm(root, ['install', '--frozen-lockfile', '--config.confirmModulesPurge=false'], 'pnpm install --frozen-lockfile');
  } catch (error) {
    if (error instanceof BootstrapError) {
      error.message += '\n  If it says the lockfile is not up to date, a package.json changed without pnpm-lock.yaml: run `npx pnpm@' + pnpmVersion(root) + ' install` and commit the lockfile.';
    }
    throw error;
  }
  writeStamp(root);
  return true;
}
