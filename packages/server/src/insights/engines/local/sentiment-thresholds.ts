import type { Sentiment } from '@reelback/shared';

/**
 * wink's sentiment score runs from -1 to 1 (its AFINN-style lexicon with emoji, negation and intensifiers, averaged
 * over the text). Scores inside [NEGATIVE_BELOW, POSITIVE_FROM) are neutral. Chosen on the tuning third of
 * `bench/insights/feedback.json` only (bench/insights/evaluate.ts reports both thirds, see docs/insights.md).
 */
export const SENTIMENT_THRESHOLDS = { negativeBelow: -0.05, positiveFrom: 0.29 } as const;

export function sentimentOf(score: number, thresholds: { negativeBelow: number; positiveFrom: number } = SENTIMENT_THRESHOLDS): Sentiment {
  if (score < thresholds.negativeBelow) return 'negative';
  if (score >= thresholds.positiveFrom) return 'positive';
  return 'neutral';
}
