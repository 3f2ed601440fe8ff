import { execFile, type ExecFileException } from 'node:child_process';
import { existsSync } from 'node:fs';
import { MediaToolError } from './media-tool-error.js';

export interface RunToolOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Per stream; past it the child is killed and `overflowed` is set (a flood of errors is itself telling). */
  maxBufferBytes?: number;
}

export interface RunToolResult {
  stdout: string;
  stderr: string;
  /** null when the child was killed because it wrote more than `maxBufferBytes`. */
  exitCode: number | null;
  overflowed: boolean;
}

const DEFAULT_MAX_BUFFER = 8 * 1024 * 1024;

/**
 * util-linux's setpriv sets the child's parent-death signal before it execs the tool: when our process dies
 * (a crash, SIGKILL), a long ffmpeg run dies with it instead of burning the CPU the restarted worker needs.
 */
const SETPRIV = process.platform === 'linux' && existsSync('/usr/bin/setpriv') ? '/usr/bin/setpriv' : undefined;

/**
 * Runs a binary with an argument vector (no shell, so file names are never interpreted) and resolves with
 * what it wrote whatever its exit code: callers decide what a non-zero exit means. Rejects only when the
 * run itself failed: not installed, timed out, or aborted. SIGKILL because ffmpeg, on SIGTERM, first
 * finishes writing its outputs, which is exactly the work an abort is meant to stop.
 */
export function runTool(file: string, args: readonly string[], options: RunToolOptions): Promise<RunToolResult> {
  const { timeoutMs, signal, maxBufferBytes = DEFAULT_MAX_BUFFER } = options;
  const toolName = file.split('/').pop() ?? file;
  if (signal?.aborted) {
    return Promise.reject(abortedError(toolName, signal));
  }
  return new Promise((resolve, reject) => {
    const [command, argv] = SETPRIV ? [SETPRIV, ['--pdeathsig', 'KILL', '--', file, ...args]] : [file, [...args]];
    const child = execFile(
      command,
      argv,
      {
        encoding: 'utf8',
        maxBuffer: maxBufferBytes,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        signal,
        windowsHide: true,
      },
      (error: ExecFileException | null, stdout: string, stderr: string) => {
        const settle = () => {
          if (!error) {
            resolve({ stdout, stderr, exitCode: 0, overflowed: false });
          } else if (error.name === 'AbortError' || signal?.aborted) {
            reject(abortedError(toolName, signal, error));
          } else if (error.code === 'ENOENT' || (SETPRIV && error.code === 127 && /failed to execute/.test(stderr))) {
            reject(
              new MediaToolError('not-installed', `${toolName} was not found at "${file}": install ffmpeg or configure its path`, {
                cause: error,
              }),
            );
          } else if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
            resolve({ stdout, stderr, exitCode: null, overflowed: true });
          } else if (error.killed) {
            reject(new MediaToolError('timed-out', `${toolName} did not finish within ${timeoutMs} ms and was stopped`, { cause: error }));
          } else if (typeof error.code === 'number') {
            resolve({ stdout, stderr, exitCode: error.code, overflowed: false });
          } else {
            reject(new MediaToolError('failed', `${toolName} could not be run: ${error.message}`, { cause: error }));
          }
        };
        // On abort, timeout or overflow Node calls back as soon as it has sent the kill, before the child is
        // gone; callers then delete its output files, which a still-living ffmpeg could write again.
        const stillRunning = child.pid !== undefined && child.exitCode === null && child.signalCode === null;
        if (stillRunning) child.once('exit', settle);
        else settle();
      },
    );
  });
}

function abortedError(toolName: string, signal: AbortSignal | undefined, error?: unknown): MediaToolError {
  return new MediaToolError('aborted', `media processing was aborted: ${toolName} was stopped`, {
    cause: signal?.reason ?? error,
  });
}

/** The last lines of a tool's stderr, enough to say why it failed without flooding a log or a job's error. */
export function stderrTail(stderr: string, lines = 5): string {
  return stderr.trim().split('\n').slice(-lines).join('\n');
}
