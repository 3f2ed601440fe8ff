import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClipKind } from '@reelback/shared';
import type { InspectLimits, InspectVerdict, MediaProcessor, NormalisedMedia } from '../ports/media-processor.js';
import { inspectMedia } from './inspect-media.js';
import { normaliseMedia } from './normalise-media.js';
import { repairFragmentedMp4 } from './repair-fragmented-mp4.js';

export interface FfmpegMediaProcessorOptions {
  /** A bare name is looked up on PATH; give an absolute path to pin the binary. */
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Per ffmpeg/ffprobe run; the child is killed past it. Default 15 minutes. */
  timeoutMs?: number;
  /** Largest accepted width or height of a video, in pixels. Default 3840 (4K UHD). */
  maxDimension?: number;
  /** Default 0.3 s: shorter is a slip of the finger, not an answer. */
  minDurationSeconds?: number;
  /**
   * Tolerance over a step's maxDurationSeconds (default 2 s): a recorder stopped by a timer overshoots a
   * little, and a viewer must not lose an answer over it.
   */
  durationSlackSeconds?: number;
}

/** Below this a picture holds nothing recognisable; it is also under what H.264 encoders handle well. */
const MIN_DIMENSION = 16;

/** The MediaProcessor port on Debian's ffmpeg and ffprobe, run as child processes without a shell. */
export class FfmpegMediaProcessor implements MediaProcessor {
  private readonly ffmpegPath: string;
  private readonly ffprobePath: string;
  private readonly timeoutMs: number;
  private readonly maxDimension: number;
  private readonly minDurationSeconds: number;
  private readonly durationSlackSeconds: number;

  constructor(options: FfmpegMediaProcessorOptions = {}) {
    this.ffmpegPath = options.ffmpegPath ?? 'ffmpeg';
    this.ffprobePath = options.ffprobePath ?? 'ffprobe';
    this.timeoutMs = options.timeoutMs ?? 15 * 60_000;
    this.maxDimension = options.maxDimension ?? 3840;
    this.minDurationSeconds = options.minDurationSeconds ?? 0.3;
    this.durationSlackSeconds = options.durationSlackSeconds ?? 2;
  }

  inspect(path: string, limits: InspectLimits): Promise<InspectVerdict> {
    return withRepaired(path, (readable) => this.inspectAsIs(readable, limits));
  }

  normalise(inputPath: string, kind: ClipKind, outDir: string, signal?: AbortSignal): Promise<NormalisedMedia> {
    return withRepaired(inputPath, (readable) =>
      normaliseMedia(readable, kind, outDir, {
        ffmpegPath: this.ffmpegPath,
        ffprobePath: this.ffprobePath,
        run: { timeoutMs: this.timeoutMs, signal },
      }),
    );
  }

  private inspectAsIs(path: string, limits: InspectLimits): Promise<InspectVerdict> {
    return inspectMedia(path, limits, {
      ffmpegPath: this.ffmpegPath,
      ffprobePath: this.ffprobePath,
      maxDimension: this.maxDimension,
      minDimension: MIN_DIMENSION,
      minDurationSeconds: this.minDurationSeconds,
      durationSlackSeconds: this.durationSlackSeconds,
      run: { timeoutMs: this.timeoutMs },
    });
  }

}

/**
 * Runs `work` on the recording as a decoder can read it: WebKit's fragmented MP4 repaired in a scratch copy
 * (repair-fragmented-mp4.ts), every other file as it is. The stored original is never changed.
 */
async function withRepaired<T>(path: string, work: (readable: string) => Promise<T>): Promise<T> {
  const scratch = await mkdtemp(join(tmpdir(), 'reelback-repair-'));
  try {
    const repaired = join(scratch, 'repaired.mp4');
    return await work((await repairFragmentedMp4(path, repaired)) ? repaired : path);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
