import { joinTranscriptSegments, type KeyPhrase, type TranscriptSegment } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { markRuns, phraseTime, segmentMarks } from './key-phrases.js';

/** A phrase as the server gives it: offsets of `text` in the analysed text (the first occurrence). */
const phrase = (analysed: string, text: string): KeyPhrase => {
  const start = analysed.indexOf(text);
  if (start < 0) throw new Error(`"${text}" is not in "${analysed}"`);
  return { text, start, end: start + text.length };
};

const segments: TranscriptSegment[] = [
  { start: 0.2, end: 1.5, text: ' The board view ', words: [{ text: 'The', start: 0.2, end: 0.4 }, { text: 'board', start: 0.5, end: 0.9 }, { text: 'view', start: 1.0, end: 1.4 }] },
  { start: 1.5, end: 1.6, text: '   ' },
  { start: 1.6, end: 3.0, text: 'is too slow on big boards.' },
];
const joined = joinTranscriptSegments(segments);

describe('key phrases in the page', () => {
  it('marks typed text in runs, keeping every character (markup stays text)', () => {
    const text = '<b>dark mode</b> please, and dark mode everywhere';
    const runs = markRuns(text, [{ ...phrase(text, 'dark mode'), phrase: 0 }, { start: 29, end: 38, phrase: 1 }]);
    expect(runs.map((r) => r.text).join('')).toBe(text);
    expect(runs.filter((r) => r.phrase !== null).map((r) => [r.text, r.phrase])).toEqual([['dark mode', 0], ['dark mode', 1]]);
    expect(markRuns('plain', [])).toEqual([{ text: 'plain', phrase: null }]);
    // Out of range and overlapping marks do not break the text.
    expect(markRuns('abc', [{ start: 1, end: 99, phrase: 0 }, { start: 2, end: 3, phrase: 1 }, { start: 5, end: 6, phrase: 2 }])).toEqual([
      { text: 'a', phrase: null },
      { text: 'bc', phrase: 0 },
    ]);
  });

  it('finds each phrase in its segment\'s own text (leading space and blank segments as the server joins them)', () => {
    expect(joined).toBe('The board view is too slow on big boards.');
    const phrases = [phrase(joined, 'board view'), phrase(joined, 'big boards'), phrase(joined, 'view is too')];
    const marks = segmentMarks(segments, phrases);
    expect(marks[0]!.map((m) => segments[0]!.text.slice(m.start, m.end))).toEqual(['board view', 'view']);
    expect(marks[1]).toEqual([]);
    expect(marks[2]!.map((m) => segments[2]!.text.slice(m.start, m.end))).toEqual(['big boards', 'is too']);
  });

  it("seeks to the word's time where the segment has word timings, else to the segment's start", () => {
    expect(phraseTime(segments, phrase(joined, 'board view'))).toBe(0.5);
    expect(phraseTime(segments, phrase(joined, 'view is too'))).toBe(1.0);
    expect(phraseTime(segments, phrase(joined, 'big boards'))).toBe(1.6);
    expect(phraseTime(segments, { text: 'x', start: 500, end: 501 })).toBeNull();
  });
});
