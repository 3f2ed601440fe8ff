// The reel as a plan, before any media is touched: the parts in order, each a range of one clip, laid end to
// end on the reel's timeline; the transcript segments shifted onto that timeline as WebVTT cues.
import type { TranscriptSegment } from '@reelback/shared';

/** One chosen answer's range of its clip. Times are seconds into the clip. */
export interface ReelRange {
  /** The clip's length, the end's upper bound. */
  durationSeconds: number;
  start: number;
  end: number;
}

export interface ReelCue {
  start: number;
  end: number;
  text: string;
}

/** Shorter than this, a part is a flash no one can follow (and ffmpeg may give it no frame at all). */
export const MIN_PART_SECONDS = 0.5;

/** Why a range cannot be used, said to the owner; null when it can. */
export function rangeProblem(range: ReelRange): string | null {
  const { start, end, durationSeconds } = range;
  if (!Number.isFinite(start) || !Number.isFinite(end)) return 'Start and end must be numbers of seconds.';
  if (start < 0) return 'Start cannot be before 0 s.';
  // A hundredth of slack: the number inputs round, the clip's length may not.
  if (end > durationSeconds + 0.01) return `End cannot be after the clip ends (${seconds(durationSeconds)}).`;
  if (end - start < MIN_PART_SECONDS) return `End must be at least ${MIN_PART_SECONDS} s after start.`;
  return null;
}

/** The range's length on the reel (the end held to the clip's length). */
export function partLength(range: ReelRange): number {
  return Math.max(0, Math.min(range.end, range.durationSeconds) - range.start);
}

/** Where each part starts on the reel, and the reel's length. */
export function reelTimeline(ranges: readonly ReelRange[]): { offsets: number[]; total: number } {
  const offsets: number[] = [];
  let total = 0;
  for (const range of ranges) {
    offsets.push(total);
    total += partLength(range);
  }
  return { offsets, total };
}

/**
 * Each part's transcript segments cut to its range and moved to where the part plays on the reel. A segment
 * half inside the range keeps its words, shown for the part of it that is inside.
 */
export function reelCues(parts: readonly (ReelRange & { segments: readonly TranscriptSegment[] })[]): ReelCue[] {
  const { offsets } = reelTimeline(parts);
  const cues: ReelCue[] = [];
  parts.forEach((part, i) => {
    const end = Math.min(part.end, part.durationSeconds);
    for (const segment of part.segments) {
      const text = segment.text.replace(/\s+/g, ' ').trim();
      const from = Math.max(segment.start, part.start);
      const to = Math.min(segment.end, end);
      if (!text || to - from < 0.05) continue;
      cues.push({ start: round3(from - part.start + offsets[i]!), end: round3(to - part.start + offsets[i]!), text });
    }
  });
  return cues;
}

/** `hh:mm:ss.mmm`, as WebVTT wants it. */
export function vttTimestamp(totalSeconds: number): string {
  const ms = Math.max(0, Math.round(totalSeconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/**
 * A WebVTT file of the cues. Viewer words stay words: `&`, `<` and `>` are escaped (cue text has tags), and a
 * cue is one line, so nothing a viewer said can end it early or start another.
 */
export function toWebVtt(cues: readonly ReelCue[]): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `WEBVTT\n\n${cues.map((cue, i) => `${i + 1}\n${vttTimestamp(cue.start)} --> ${vttTimestamp(cue.end)}\n${escape(cue.text)}\n\n`).join('')}`;
}

/** `reelback-reel-2025-05-01-1430`: a name that sorts, in the owner's local time. */
export function reelFileName(now: Date, extension: 'mp4' | 'vtt'): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
  return `reelback-reel-${stamp}.${extension}`;
}

/** `12.5 s`, `1 min 5 s`. */
export function seconds(value: number): string {
  if (value < 60) return `${Math.round(value * 10) / 10} s`;
  const whole = Math.round(value);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
