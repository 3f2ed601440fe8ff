#!/usr/bin/env node
// Reelback's one entry point for a fresh machine with only Node 20 and npm:
//
//   npm start            node scripts/reelback.mjs start   system packages, pnpm install, widget, dashboard and server builds,
//                                                           then node --enable-source-maps packages/server/dist/main.js
//   npm test [-- args]   node scripts/reelback.mjs test    … then PostgreSQL, then `vitest run [args]`
//   npm run bench        node scripts/reelback.mjs bench   … then bench/size, studio size, ingest, webhooks, upload, login-flood, inbox, analytics (and its segments), transcribe, outbound, media-library, host-page and insights
//   node scripts/reelback.mjs setup                          only the preparation steps
//
// Plain Node with no dependencies: it runs before `pnpm install`. Environment knobs:
//   REELBACK_SKIP_SYSTEM_PACKAGES=1  don't check or install Debian packages
//   REELBACK_FORCE_INSTALL=1         run pnpm install even when the install stamp matches
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BootstrapError, formatDuration, run, signalNumber, stage } from './bootstrap/log.mjs';
import { installDependencies, installReason } from './bootstrap/pnpm.mjs';
import { ensurePostgres } from './bootstrap/services.mjs';
import { NEEDS, ensureSystemPackages, findCommand } from './bootstrap/system-packages.mjs';
import { buildDashboard, buildServer, buildWidget, withLocalBin } from './bootstrap/workspace.mjs';
import { serverNodeFlags } from '../packages/server/node-flags.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// The compiled server (packages/server/build.mjs): plain node runs it, ≈ 65 MB less resident than tsx on the sources.
const SERVER_ENTRY = join('packages', 'server', 'dist', 'main.js');

/** System packages, JS dependencies and the widget, dashboard and server bundles: what every command needs first. */
async function prepare(command) {
  const forceInstall = process.env.REELBACK_FORCE_INSTALL === '1';
  const mustInstall = forceInstall || installReason(root) !== null;

  let done = stage('system packages');
  await ensureSystemPackages([...NEEDS[command], ...(mustInstall ? NEEDS.compile : [])]);
  done();

  done = stage('JavaScript dependencies');
  await installDependencies(root, { force: forceInstall });
  done();

  done = stage('widget build');
  await buildWidget(root);
  done();

  done = stage('dashboard build');
  await buildDashboard(root);
  done();

  done = stage('server build');
  await buildServer(root);
  done();

  // whisper.cpp is not built here: the server builds it in the background when a Whisper model is first needed
  // (PocketSphinx transcribes meanwhile), and the whisper tests build it themselves (ensureWhisper).
}

/** Runs the server in the foreground; resolves with its exit code. Signals to us go to it, once each. */
function serve(args) {
  if (!existsSync(join(root, SERVER_ENTRY))) throw new BootstrapError(`${SERVER_ENTRY} does not exist: nothing to start`);
  const flags = serverNodeFlags(process.env);
  stage(`server (node ${flags.join(' ')} ${SERVER_ENTRY})`);
  return new Promise((resolve, reject) => {
    // Its own process group: a Ctrl-C in the terminal (which npm also forwards to us) reaches the
    // server exactly once, through us.
    const child = spawn(process.execPath, [...flags, SERVER_ENTRY, ...args], {
      cwd: root,
      env: withLocalBin(root),
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    let last = { signal: null, at: 0 };
    const forward = (signal) => {
      const now = Date.now();
      if (last.signal === signal && now - last.at < 1000) return; // the same keypress, delivered twice
      last = { signal, at: now };
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const signal of signals) process.on(signal, forward);
    const killOnExit = () => child.exitCode === null && child.signalCode === null && child.kill('SIGTERM');
    process.on('exit', killOnExit);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      process.off('exit', killOnExit);
      resolve(code ?? 128 + signalNumber(signal));
    });
  });
}

async function start(args) {
  await prepare('start');
  return serve(args);
}

const TYPECHECKED_PROJECTS = ['packages/shared', 'packages/server', 'packages/widget', 'packages/dashboard', 'e2e', 'bench'];

async function test(args) {
  await prepare('test');

  let done = stage('services');
  await ensurePostgres();
  done();

  const env = withLocalBin(root);
  const chromium = findCommand('chromium') ?? findCommand('chromium-browser');
  if (!env.CHROMIUM_PATH && chromium && chromium !== '/usr/bin/chromium') env.CHROMIUM_PATH = chromium;

  // The whole suite starts with the type check (strict TypeScript is part of what a change must pass);
  // a run narrowed with arguments skips it.
  if (args.length === 0) {
    done = stage('type check (tsc)');
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const project of TYPECHECKED_PROJECTS) {
      const code = await run(process.execPath, [tsc, '-p', project], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
      if (code !== 0) {
        done(`tsc found errors in ${project}`);
        return code;
      }
    }
    done(`${TYPECHECKED_PROJECTS.length} projects clean`);
  }

  done = stage(`tests (vitest run${args.length ? ` ${args.join(' ')}` : ''})`);
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  if (!existsSync(vitest)) throw new BootstrapError('node_modules/vitest is missing after pnpm install');
  const code = await run(process.execPath, [vitest, 'run', ...args], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  done(code === 0 ? 'tests passed' : `vitest exited with ${code}`);
  return code;
}

async function bench(args) {
  await prepare('bench');
  const scripts = ['bench/size/size.mjs', 'bench/studio/studio-size.mjs', 'bench/ingest/ingest.ts', 'bench/webhooks/webhooks.ts', 'bench/upload/upload.ts', 'bench/login-flood/login-flood.ts', 'bench/inbox/inbox.ts', 'bench/analytics/analytics.ts', 'bench/analytics/segments.ts', 'bench/transcribe/transcribe.ts', 'bench/outbound/outbound.ts', 'bench/media-library/prompt-video.ts', 'bench/host-page/host-page.ts', 'bench/insights/evaluate.ts'].filter((p) => existsSync(join(root, p)));
  if (scripts.length === 0) {
    const done = stage('benchmarks');
    console.log('  no benchmark scripts found under bench/');
    done('skipped');
    return 0;
  }
  let failed = 0;
  for (const script of scripts) {
    const done = stage(`benchmark ${script}`);
    // TypeScript benchmarks run on the sources through tsx, as the tests do (the server they measure may be the build).
    const node = script.endsWith('.ts') ? ['--import', 'tsx', script] : [script];
    const code = await run(process.execPath, [...node, ...args], { cwd: root, env: withLocalBin(root), stdio: ['ignore', 'inherit', 'inherit'] });
    done(code === 0 ? 'finished' : `exited with ${code}`);
    if (code !== 0) failed = code;
  }
  return failed;
}

async function setup() {
  await prepare('test');
  return 0;
}

const COMMANDS = { start, test, bench, setup };

function usage() {
  return 'usage: node scripts/reelback.mjs <start|test|bench|setup> [args passed to the server, vitest or the benchmarks]';
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command || command === '-h' || command === '--help') {
    console.log(usage());
    return command ? 0 : 1;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    console.error(`unknown command "${command}"\n${usage()}`);
    return 1;
  }
  const started = Date.now();
  const code = await handler(args);
  if (command !== 'start') console.log(`\nreelback ${command}: exit code ${code} after ${formatDuration(Date.now() - started)}`);
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (error instanceof BootstrapError) {
      console.error(`\n✖ reelback: ${error.message}`);
      process.exitCode = typeof error.code === 'number' && error.code > 0 ? error.code : 1;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
