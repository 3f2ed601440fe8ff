/**
 * media-captions ships its types as extensionless re-exports, which NodeNext resolution cannot follow: this is the
 * part of its API (`parseText`, v1.0.4) used here.
 */
declare module 'media-captions' {
  export interface ParsedCue {
    startTime: number;
    endTime: number;
    text: string;
  }
  export function parseText(
    text: string,
    options?: { type?: 'vtt' | 'srt' | 'ssa' | 'ass'; strict?: boolean },
  ): Promise<{ cues: ParsedCue[]; errors: { message: string; line: number }[] }>;
}
