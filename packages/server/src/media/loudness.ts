import { safeInputArgs } from './input-args.js';
import { MediaToolError } from './media-tool-error.js';
import { runTool, stderrTail } from './run-tool.js';

export interface MeasureLoudnessOptions {
  ffmpegPath?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * The mean volume of a file's first audio stream in dBFS, as ffmpeg's `volumedetect` measures it, or
 * `-Infinity` for digital silence (volumedetect reports all-zero samples as its floor, -91 dB).
 * Meant for tests that must tell a real recorded voice from a muted or dead microphone: speech or a tone
 * sits well above -40 dB, a silent track at the floor.
 */
export async function measureMeanVolumeDb(path: string, options: MeasureLoudnessOptions = {}): Promise<number> {
  const { ffmpegPath = 'ffmpeg', timeoutMs = 120_000, signal } = options;
  const run = await runTool(
    ffmpegPath,
    // volumedetect prints its result at info level, on stderr.
    ['-nostdin', '-hide_banner', '-nostats', '-v', 'info', ...safeInputArgs(path), '-map', '0:a:0', '-af', 'volumedetect', '-f', 'null', '-'],
    { timeoutMs, signal },
  );
  if (run.exitCode !== 0) {
    throw new MediaToolError('failed', `could not measure the loudness of ${path} (exit ${run.exitCode}): ${stderrTail(run.stderr)}`);
  }
  const match = /mean_volume:\s*(-?(?:\d+(?:\.\d+)?|inf))\s*dB/.exec(run.stderr);
  if (!match?.[1]) {
    throw new MediaToolError('failed', `ffmpeg measured no audio in ${path}: ${stderrTail(run.stderr)}`);
  }
  const db = match[1] === '-inf' ? -Infinity : Number(match[1]);
  return db <= -91 ? -Infinity : db;
}
