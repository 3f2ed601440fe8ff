import type { ClipKind, ClipRendition } from '@reelback/shared';

/** What a media file holds, as ffprobe (not its name) tells. */
export interface MediaProbe {
  /** ffprobe's `format_name`, e.g. `matroska,webm` or `mov,mp4,m4a,3gp,3g2,mj2`. */
  container: string;
  durationSeconds: number;
  video: { codec: string; width: number; height: number } | null;
  audio: { codec: string; sampleRate: number; channels: number } | null;
}

export interface InspectLimits {
  kind: ClipKind;
  maxDurationSeconds: number;
}

export type InspectVerdict = { ok: true; probe: MediaProbe } | { ok: false; reason: string };

export interface NormalisedFile {
  rendition: Exclude<ClipRendition, 'original'>;
  path: string;
  contentType: string;
  sizeBytes: number;
}

export interface NormalisedMedia {
  files: NormalisedFile[];
  durationSeconds: number;
  width: number | null;
  height: number | null;
}

export interface MediaProcessor {
  /** Checks that the file is a real recording of the given kind within the limits; says why not, plainly. */
  inspect(path: string, limits: InspectLimits): Promise<InspectVerdict>;
  /**
   * Makes the web-playable renditions in `outDir`: video → H.264/AAC MP4 with faststart + poster JPEG;
   * audio → AAC in M4A; both → 16 kHz mono WAV for transcription (when there is sound).
   */
  normalise(inputPath: string, kind: ClipKind, outDir: string, signal?: AbortSignal): Promise<NormalisedMedia>;
}
