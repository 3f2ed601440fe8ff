/**
 * A one-line progress display, written by hand rather than with `cli-progress`: we need bytes, percent, speed and
 * ETA on a terminal, and plain periodic lines when the output is a log file or a pipe; that is ~100 lines here,
 * testable with a fake clock and stream, and one dependency fewer in the server.
 */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  label: string;
  /** Milliseconds between plain lines when the output is not a terminal (default 5 s). */
  plainIntervalMs?: number;
  /** Milliseconds between redraws on a terminal (default 100 ms). */
  ttyIntervalMs?: number;
  now?: () => number;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${UNITS[unit]}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export interface Progress {
  /** `done` bytes of `total` (`null`: unknown). Cheap to call for every chunk: output is throttled. */
  update(done: number, total: number | null): void;
  /** Ends the display (a newline on a terminal) with an optional closing line. */
  finish(message?: string): void;
}

export function createProgress(out: ProgressOutput, options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const tty = out.isTTY === true;
  const interval = tty ? (options.ttyIntervalMs ?? 100) : (options.plainIntervalMs ?? 5000);
  // Speed over a sliding window of recent samples, so it follows the connection instead of the average.
  const samples: Array<{ at: number; done: number }> = [];
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;
  let drawnDone = -1;
  let last: { done: number; total: number | null } = { done: 0, total: null };

  const speed = (): number | null => {
    const first = samples[0];
    const latest = samples[samples.length - 1];
    if (!first || !latest || latest.at - first.at < 250) return null;
    return ((latest.done - first.done) * 1000) / (latest.at - first.at);
  };

  const line = (): string => {
    const { done, total } = last;
    const bps = speed();
    const rate = bps === null ? '' : ` ${formatBytes(Math.round(bps))}/s`;
    if (total === null || total <= 0) return `${options.label} ${formatBytes(done)}${rate}`;
    const ratio = Math.min(1, done / total);
    const percent = `${(ratio * 100).toFixed(1)}%`;
    const eta = bps && bps > 0 && done < total ? ` ETA ${formatDuration((total - done) / bps)}` : '';
    const amounts = `${formatBytes(done)} / ${formatBytes(total)}`;
    if (!tty) return `${options.label} ${percent} ${amounts}${rate}${eta}`;
    const width = Math.max(10, Math.min(30, (out.columns ?? 80) - 70));
    const filled = Math.round(ratio * width);
    return `${options.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent.padStart(6)} ${amounts}${rate}${eta}`;
  };

  const draw = () => {
    if (tty) out.write(`\r${line()}\x1b[K`);
    else out.write(`${line()}\n`);
    drawn = true;
    drawnDone = last.done;
  };

  return {
    update(done, total) {
      const at = now();
      last = { done, total };
      samples.push({ at, done });
      while (samples.length > 2 && at - (samples[0]?.at ?? at) > 5000) samples.shift();
      if (at - lastDraw < interval) return;
      lastDraw = at;
      draw();
    },
    finish(message) {
      if (tty) {
        if (drawn) {
          draw();
          out.write('\n');
        }
      } else if (last.done !== drawnDone && last.done > 0) {
        draw();
      }
      if (message) out.write(`${message}\n`);
    },
  };
}
