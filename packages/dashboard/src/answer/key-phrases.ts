// Where an answer's key phrases (#17) stand in what the page shows. The server analyses the typed text as stored, or
// the transcript's segments trimmed and joined with one space (`joinTranscriptSegments`): phrase offsets are UTF-16
// positions in that text. Pure functions, so the mapping is tested on its own.
import type { KeyPhrase, TranscriptSegment } from '@reelback/shared';

/** A stretch of a text, marked when it is (part of) a key phrase; `phrase` is the phrase's index. */
export interface Run {
  text: string;
  phrase: number | null;
}

/** A phrase's range inside one piece of text (a segment's own text, or the typed text). */
export interface LocalMark {
  start: number;
  end: number;
  phrase: number;
}

/** Splits `text` into runs, marking the ranges given (overlaps: the first mark wins; out-of-range parts are dropped). */
export function markRuns(text: string, marks: readonly LocalMark[]): Run[] {
  const sorted = [...marks].filter((m) => m.start < m.end && m.start < text.length).sort((a, b) => a.start - b.start || a.phrase - b.phrase);
  const runs: Run[] = [];
  let at = 0;
  for (const mark of sorted) {
    const start = Math.max(mark.start, at);
    const end = Math.min(mark.end, text.length);
    if (start >= end) continue;
    if (start > at) runs.push({ text: text.slice(at, start), phrase: null });
    runs.push({ text: text.slice(start, end), phrase: mark.phrase });
    at = end;
  }
  if (at < text.length || runs.length === 0) runs.push({ text: text.slice(at), phrase: null });
  return runs;
}

/** Where each segment's trimmed text starts in the joined text, and how much leading space its own text had. */
interface SegmentPlace {
  /** Offset of the trimmed text in the joined text. */
  offset: number;
  /** Length of the trimmed text. */
  length: number;
  /** Leading whitespace trimmed from the segment's own text. */
  lead: number;
}

function places(segments: readonly Pick<TranscriptSegment, 'text'>[]): (SegmentPlace | null)[] {
  let offset = 0;
  let first = true;
  return segments.map((segment) => {
    const trimmed = segment.text.trim();
    if (trimmed.length === 0) return null;
    if (!first) offset += 1;
    first = false;
    const place = { offset, length: trimmed.length, lead: segment.text.length - segment.text.trimStart().length };
    offset += trimmed.length;
    return place;
  });
}

/** The marks of each segment, in its own text's positions (a phrase across two segments is marked in both). */
export function segmentMarks(segments: readonly Pick<TranscriptSegment, 'text'>[], phrases: readonly KeyPhrase[]): LocalMark[][] {
  const where = places(segments);
  return where.map((place) => {
    if (!place) return [];
    const marks: LocalMark[] = [];
    phrases.forEach((p, phrase) => {
      const start = Math.max(p.start, place.offset);
      const end = Math.min(p.end, place.offset + place.length);
      if (start < end) marks.push({ start: start - place.offset + place.lead, end: end - place.offset + place.lead, phrase });
    });
    return marks;
  });
}

/**
 * When a phrase is said: the start of the word it begins in, where the segment has word timings (words are found in
 * the segment's text in order); otherwise the start of its segment. Null when it is in no segment.
 */
export function phraseTime(segments: readonly TranscriptSegment[], phrase: KeyPhrase): number | null {
  const where = places(segments);
  const index = where.findIndex((place) => place !== null && phrase.start >= place.offset && phrase.start < place.offset + place.length);
  if (index < 0) return null;
  const segment = segments[index]!;
  const place = where[index]!;
  const local = phrase.start - place.offset + place.lead;
  let cursor = 0;
  for (const word of segment.words ?? []) {
    const text = word.text.trim();
    if (text.length === 0) continue;
    const found = segment.text.indexOf(text, cursor);
    if (found < 0) continue;
    cursor = found + text.length;
    if (local < cursor) return word.start;
  }
  return segment.start;
}
