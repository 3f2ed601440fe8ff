// Small output helpers shared by the bootstrap stages. Plain Node: this runs before `pnpm install`.
import { spawn } from 'node:child_process';

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s) => (useColor ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s) => (useColor ? `\x1b[2m${s}\x1b[22m` : s);

/** Prints a one-line banner for a stage and returns a function that prints how long it took. */
export function stage(title) {
  const started = Date.now();
  console.log(`\n${bold(`▶ reelback: ${title}`)}`);
  return (note = 'done') => console.log(dim(`  ${note} in ${formatDuration(Date.now() - started)}`));
}

export function info(message) {
  console.log(`  ${message}`);
}

export function formatDuration(ms) {
  return ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A failure the user can act on: printed without a stack trace, exits with `code`. */
export class BootstrapError extends Error {
  constructor(message, code = 1) {
    super(message);
    this.name = 'BootstrapError';
    this.code = code;
  }
}

/**
 * Runs a command with inherited stdio (its output is never swallowed) and resolves with its exit code.
 * A child killed by a signal resolves with 128 + the signal's number, as shells report it.
 */
export function run(command, args, options = {}) {
  console.log(dim(`  $ ${[command, ...args].join(' ')}`));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? 128 + signalNumber(signal)));
  });
}

/** Like run(), but a non-zero exit is a BootstrapError naming what failed. */
export async function runOrFail(command, args, options = {}, what = `${command} ${args.join(' ')}`) {
  const code = await run(command, args, options);
  if (code !== 0) throw new BootstrapError(`${what} failed (exit code ${code})`, code);
}

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
export function signalNumber(signal) {
  return SIGNALS[signal] ?? 1;
}
