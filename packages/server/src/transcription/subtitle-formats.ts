import type { TranscriptSegment } from '@reelback/shared';

function timestamp(seconds: number, separator: '.' | ','): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}

/** Cue text must not end a cue early (a blank line) nor open a tag: viewer speech is text, never markup. */
function cueText(text: string, escapeMarkup: boolean): string {
  const oneLine = text.replace(/\s*\n\s*\n\s*/g, '\n').trim();
  return escapeMarkup ? oneLine.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : oneLine.replace(/-->/g, '->');
}

const spoken = (segments: readonly TranscriptSegment[]) => segments.filter((s) => s.text.trim().length > 0);

export function toWebVtt(segments: readonly TranscriptSegment[]): string {
  const cues = spoken(segments).map((s) => `${timestamp(s.start, '.')} --> ${timestamp(Math.max(s.end, s.start), '.')}\n${cueText(s.text, true)}`);
  return `WEBVTT\n\n${cues.join('\n\n')}${cues.length ? '\n' : ''}`;
}

export function toSrt(segments: readonly TranscriptSegment[]): string {
  return spoken(segments)
    .map((s, i) => `${i + 1}\n${timestamp(s.start, ',')} --> ${timestamp(Math.max(s.end, s.start), ',')}\n${cueText(s.text, false)}\n`)
    .join('\n');
}
