import { describe, expect, it } from 'vitest';
import { UNCLEAR_WORD_CONFIDENCE, clarityRuns } from './word-clarity.js';

const word = (text: string, confidence?: number) => ({ text, start: 0, end: 0.1, ...(confidence === undefined ? {} : { confidence }) });

describe('clarityRuns', () => {
  it('groups neighbouring words of one clarity, in order', () => {
    const segment = { text: 'new dodge would respond nada', words: [word('new', 0.9), word('dodge', 0.2), word('would', 0.3), word('respond', 0.95), word('nada', 0.1)] };
    expect(clarityRuns(segment)).toEqual([
      { text: 'new', unclear: false },
      { text: 'dodge would', unclear: true },
      { text: 'respond', unclear: false },
      { text: 'nada', unclear: true },
    ]);
  });

  it('counts a word exactly at the threshold as clear', () => {
    expect(clarityRuns({ text: 'yes', words: [word('yes', UNCLEAR_WORD_CONFIDENCE)] })).toEqual([{ text: 'yes', unclear: false }]);
  });

  it('keeps the text of a segment without words or without confidences (an edit, Whisper) as one clear run', () => {
    expect(clarityRuns({ text: 'Edited by hand' })).toEqual([{ text: 'Edited by hand', unclear: false }]);
    expect(clarityRuns({ text: 'two words', words: [word('two'), word('words')] })).toEqual([{ text: 'two words', unclear: false }]);
    expect(clarityRuns({ text: '' })).toEqual([]);
  });
});
