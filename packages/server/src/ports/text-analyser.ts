import type { AnswerAnalysis, InsightEngine } from '@reelback/shared';

export interface AnalyseOptions {
  signal?: AbortSignal;
}

/**
 * Turns one answer's text into sentiment, key phrases and its language (#17). The local engine needs no network;
 * a language-model engine, when a workspace configures one, adds a summary on top of the local result.
 * Never throws for bad text (empty, huge, unknown language, markup): it says so in `state`.
 */
export interface TextAnalyser {
  readonly engine: InsightEngine;
  analyse(text: string, options?: AnalyseOptions): Promise<AnswerAnalysis>;
}
