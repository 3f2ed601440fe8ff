import type { MediaAssetKind } from '@reelback/shared';

/** What an owner's upload holds, as ffprobe (not its name) tells. */
export interface PromptMediaFacts {
  kind: MediaAssetKind;
  /** ffprobe's `format_name`. */
  container: string;
  /** Null for pictures. */
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  hasAudio: boolean;
  /** The input streams to use (a cover picture in a sound file is not the video). */
  videoStream: number | null;
  audioStream: number | null;
}

export type PromptMediaVerdict = { ok: true; facts: PromptMediaFacts } | { ok: false; reason: string };

export interface PromptRendition {
  rendition: 'video-1280' | 'video-640' | 'audio' | 'poster' | 'image-1280' | 'image-640';
  path: string;
  contentType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
}

export interface NormalisedPromptMedia {
  files: PromptRendition[];
  /** 16 kHz mono WAV for the captions engine; null without sound. */
  wavPath: string | null;
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  /** Where the poster was taken (videos). */
  posterAtSeconds: number | null;
}

/**
 * Turns an owner's prompt video, audio or picture into what the widget plays: the checks speak to an owner (what is
 * wrong with the file), the renditions are H.264/AAC MP4 with faststart in two sizes, AAC M4A, or JPEG.
 */
export interface PromptMediaProcessor {
  /**
   * Reads what the file is. `full: false` reads headers only (cheap: empty, not media, too large a picture, cut
   * short before the index, too long by the header); `full: true` also decodes every used stream to the end.
   */
  check(path: string, options: { full: boolean; signal?: AbortSignal }): Promise<PromptMediaVerdict>;
  normalise(path: string, facts: PromptMediaFacts, outDir: string, options: { posterAtSeconds?: number; signal?: AbortSignal }): Promise<NormalisedPromptMedia>;
  /** A JPEG of the video's frame at `atSeconds`, written to `outPath`. */
  poster(videoPath: string, atSeconds: number, outPath: string, signal?: AbortSignal): Promise<PromptRendition>;
}
