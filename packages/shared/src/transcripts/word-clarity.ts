import type { TranscriptSegment } from './transcript.schema.js';

/**
 * Below this confidence (0–1) a word is shown as unclear rather than as confident text. PocketSphinx's posteriors
 * for words it really heard sit near 1; its guesses on free speech fall well under one half.
 */
export const UNCLEAR_WORD_CONFIDENCE = 0.6;

/** A run of words of one clarity, in the order spoken. */
export interface ClarityRun {
  text: string;
  unclear: boolean;
}

/**
 * A segment as runs of clear and unclear words. A segment without words (an owner's edit, an engine that gives
 * none) or whose words carry no confidence is one clear run of its text: there is nothing to doubt it by.
 */
export function clarityRuns(segment: Pick<TranscriptSegment, 'text' | 'words'>, threshold = UNCLEAR_WORD_CONFIDENCE): ClarityRun[] {
  const words = segment.words ?? [];
  if (words.length === 0 || words.every((w) => w.confidence === undefined)) return segment.text ? [{ text: segment.text, unclear: false }] : [];
  const runs: ClarityRun[] = [];
  for (const word of words) {
    const unclear = word.confidence !== undefined && word.confidence < threshold;
    const last = runs[runs.length - 1];
    if (last && last.unclear === unclear) last.text += ` ${word.text}`;
    else runs.push({ text: word.text, unclear });
  }
  return runs;
}
