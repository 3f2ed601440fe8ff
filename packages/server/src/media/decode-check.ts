import { safeInputArgs } from './input-args.js';
import { runTool, type RunToolOptions } from './run-tool.js';

export interface DecodeCheckOptions extends RunToolOptions {
  /** Stream indexes to decode: the ones that will be used, so damage elsewhere does not matter. */
  streamIndexes: number[];
  /**
   * Decoding stops here. A file longer than the limit is rejected anyway, so decoding an hour of it
   * would only cost time.
   */
  stopAfterSeconds: number;
}

export interface DecodeCheck {
  /** ffmpeg logged errors (a cut or corrupt stream) or failed. */
  damaged: boolean;
  /** How far decoding got: the real duration, which MediaRecorder webm headers do not carry. */
  decodedSeconds: number;
}

/**
 * Decodes the file once to the null muxer. Cheaper ways (header duration, packet scan) miss both a
 * missing header duration and damage inside the streams; decoding is the only full check.
 */
export async function decodeCheck(ffmpegPath: string, path: string, options: DecodeCheckOptions): Promise<DecodeCheck> {
  const { streamIndexes, stopAfterSeconds, ...runOptions } = options;
  const run = await runTool(
    ffmpegPath,
    [
      '-nostdin',
      '-hide_banner',
      '-nostats',
      '-v',
      'error',
      '-progress',
      'pipe:1',
      ...safeInputArgs(path),
      ...streamIndexes.flatMap((index) => ['-map', `0:${index}`]),
      '-t',
      String(stopAfterSeconds),
      '-f',
      'null',
      '-',
    ],
    { maxBufferBytes: 1024 * 1024, ...runOptions },
  );
  return {
    damaged: run.exitCode !== 0 || run.overflowed || inputErrors(run.stderr).length > 0,
    decodedSeconds: lastOutTimeSeconds(run.stdout),
  };
}

/**
 * The error lines that speak of the input. The null muxer's own complaints (`[null @ …] Application provided
 * invalid, non monotonically increasing dts`) are about a repeated timestamp in the recording, which Chromium's
 * MediaRecorder writes when the machine is busy: every frame still decodes, and normalising makes new timestamps.
 */
export function inputErrors(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^\[null @ 0x[0-9a-f]+\]/.test(line));
}

/**
 * `-progress` prints `key=value` blocks; `out_time_us` is how far the output got, in microseconds (its
 * sibling `out_time_ms` is also microseconds, a known ffmpeg misnomer). The furthest one is the length;
 * early blocks may say `N/A` or a negative time before the first frame.
 */
export function lastOutTimeSeconds(progress: string): number {
  let furthest = 0;
  for (const match of progress.matchAll(/^out_time_us=(-?\d+)$/gm)) {
    const micros = Number(match[1]);
    if (micros > furthest) furthest = micros;
  }
  return furthest / 1e6;
}
