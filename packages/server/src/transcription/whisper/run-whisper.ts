import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface WhisperRun {
  exitCode: number | null;
  /** The signal that ended it (a crash: SIGSEGV, SIGABRT…), null when it exited. */
  signal: NodeJS.Signals | null;
  /** Its log (whisper.cpp writes everything but the transcript there); the last `maxStderrBytes` of it. */
  stderr: string;
}

export type WhisperRunFailure = 'timed-out' | 'aborted' | 'spawn-failed';

export class WhisperRunError extends Error {
  /** What it had logged when it was stopped (set for timeouts and aborts). */
  stderr = '';

  constructor(
    readonly failure: WhisperRunFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WhisperRunError';
  }
}

/** See media/run-tool.ts: the child gets SIGKILL when our process dies, so no orphan keeps the CPU busy. */
const SETPRIV = process.platform === 'linux' && existsSync('/usr/bin/setpriv') ? '/usr/bin/setpriv' : undefined;

/**
 * Runs whisper.cpp's `main` with an argument vector (no shell) and resolves when it has ended, with its exit code
 * or signal and its stderr, whatever they are: the caller reads them. stdout (the transcript as text, which we
 * take from the JSON file instead) is discarded. Rejects on timeout or abort, and only after the child is gone:
 * it is killed with SIGKILL and waited for, so nothing is left running and its output folder can be removed.
 *
 * Not media/run-tool.ts's runTool: that one loses stderr when the child dies by a signal, and a crash's log is
 * exactly what tells a corrupt model from a transient failure here.
 */
export function runWhisperMain(
  binary: string,
  args: readonly string[],
  options: { timeoutMs: number; signal?: AbortSignal | undefined; maxStderrBytes?: number },
): Promise<WhisperRun> {
  const { timeoutMs, signal, maxStderrBytes = 1024 * 1024 } = options;
  if (signal?.aborted) return Promise.reject(new WhisperRunError('aborted', 'whisper.cpp was not started: aborted', { cause: signal.reason }));

  return new Promise((resolve, reject) => {
    const [command, argv] = SETPRIV ? [SETPRIV, ['--pdeathsig', 'KILL', '--', binary, ...args]] : [binary, [...args]];
    const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });

    const chunks: Buffer[] = [];
    let kept = 0;
    child.stderr.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      kept += chunk.length;
      while (kept > maxStderrBytes && chunks.length > 1) kept -= chunks.shift()!.length;
    });

    let stopped: WhisperRunError | null = null;
    const stop = (reason: WhisperRunError) => {
      if (stopped) return;
      stopped = reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () => stop(new WhisperRunError('timed-out', `whisper.cpp did not finish within ${timeoutMs} ms and was stopped`)),
      timeoutMs,
    );
    const onAbort = () => stop(new WhisperRunError('aborted', 'transcription was aborted: whisper.cpp was stopped', { cause: signal?.reason }));
    signal?.addEventListener('abort', onAbort, { once: true });

    let spawnError: Error | null = null;
    child.once('error', (error) => {
      // Failing to start: 'close' still follows when stdio was set up; a failed kill of a gone child is harmless.
      spawnError ??= error;
    });
    child.once('close', (exitCode, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      const stderr = Buffer.concat(chunks).toString('utf8');
      if (stopped) {
        stopped.stderr = stderr;
        return reject(stopped);
      }
      if (spawnError) return reject(new WhisperRunError('spawn-failed', `whisper.cpp could not be started: ${spawnError.message}`, { cause: spawnError }));
      resolve({ exitCode, signal: exitSignal, stderr });
    });
  });
}
