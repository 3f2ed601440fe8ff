import type { KeyPhrase, Sentiment } from '@reelback/shared';

/** What grouping needs of one analysed answer (the engine's `LocalReading` gives the terms, the analysis the rest). */
export interface ThemeAnswer {
  id: string;
  /** Stems of the answer's content words, as the local engine reads them (`LocalReading.terms`). */
  terms: readonly string[];
  sentiment: Sentiment | null;
  keyPhrases: readonly KeyPhrase[];
}

export interface ThemeOptions {
  /**
   * Largest mean cosine distance between two groups that still merge (average linkage), and the least similarity
   * (1 − this) a new answer needs to a theme's centre to join it. Chosen on the tuning third of bench/insights.
   */
  maxDistance?: number;
  /** Terms said in more than this share of the answers are left out of the vectors ("use", "app"). Default 0.3. */
  maxDfShare?: number;
  /** Groups smaller than this are not themes; their answers stay unthemed. */
  minThemeSize?: number;
}

export const DEFAULT_MAX_DISTANCE = 0.98;
export const DEFAULT_MIN_THEME_SIZE = 2;
