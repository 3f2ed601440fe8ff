import type { NormalisedPromptMedia, PromptMediaFacts, PromptMediaProcessor, PromptMediaVerdict, PromptRendition } from '../ports/prompt-media-processor.js';
import { checkPromptMedia } from './check-prompt-media.js';
import { normalisePromptMedia, writePromptPoster } from './normalise-prompt-media.js';

export interface PromptMediaLimits {
  /** Largest width or height of a video (default 4096: 4K DCI). */
  maxVideoDimension?: number;
  /** Largest width or height of a picture (default 8192: a phone photo is ~4000). */
  maxImageDimension?: number;
  /** Longest video or sound (default 30 minutes). */
  maxDurationSeconds?: number;
  /** Per ffmpeg/ffprobe run; the child is killed past it. Default 60 minutes (a 1 GB upload takes a while). */
  timeoutMs?: number;
  ffmpegPath?: string;
  ffprobePath?: string;
}

/** The PromptMediaProcessor port on Debian's ffmpeg and ffprobe, as child processes without a shell. */
export class FfmpegPromptMediaProcessor implements PromptMediaProcessor {
  private readonly tools: { ffmpegPath: string; ffprobePath: string };
  private readonly limits: Required<Pick<PromptMediaLimits, 'maxVideoDimension' | 'maxImageDimension' | 'maxDurationSeconds' | 'timeoutMs'>>;

  constructor(options: PromptMediaLimits = {}) {
    this.tools = { ffmpegPath: options.ffmpegPath ?? 'ffmpeg', ffprobePath: options.ffprobePath ?? 'ffprobe' };
    this.limits = {
      maxVideoDimension: options.maxVideoDimension ?? 4096,
      maxImageDimension: options.maxImageDimension ?? 8192,
      maxDurationSeconds: options.maxDurationSeconds ?? 30 * 60,
      timeoutMs: options.timeoutMs ?? 60 * 60_000,
    };
  }

  check(path: string, options: { full: boolean; signal?: AbortSignal }): Promise<PromptMediaVerdict> {
    return checkPromptMedia(path, options.full, {
      ...this.tools,
      maxVideoDimension: this.limits.maxVideoDimension,
      maxImageDimension: this.limits.maxImageDimension,
      // Below this a picture holds nothing recognisable; it is also under what H.264 encoders handle well.
      minDimension: 16,
      minDurationSeconds: 0.3,
      maxDurationSeconds: this.limits.maxDurationSeconds,
      run: { timeoutMs: this.limits.timeoutMs, signal: options.signal },
    });
  }

  normalise(path: string, facts: PromptMediaFacts, outDir: string, options: { posterAtSeconds?: number; signal?: AbortSignal }): Promise<NormalisedPromptMedia> {
    const { signal, ...rest } = options;
    return normalisePromptMedia(path, facts, outDir, rest, { ...this.tools, run: { timeoutMs: this.limits.timeoutMs, signal } });
  }

  poster(videoPath: string, atSeconds: number, outPath: string, signal?: AbortSignal): Promise<PromptRendition> {
    return writePromptPoster(videoPath, atSeconds, outPath, { ...this.tools, run: { timeoutMs: this.limits.timeoutMs, signal } });
  }
}
