import * as z from 'zod';
import { InsightEngine, KeyPhrase, Sentiment } from './answer-analysis.schema.js';

/**
 * Where an answer's analysis stands (#17). `pending`: queued, not yet run (or being run again after its text changed);
 * `analyzed`, `empty`, `unsupported-language`: the engine's `AnswerAnalysis.state`; `failed`: the engine threw or
 * answered something that does not fit the contract, after its retries — `reason` says which.
 */
export const AnswerAnalysisState = z.enum(['pending', 'analyzed', 'empty', 'unsupported-language', 'failed']);
export type AnswerAnalysisState = z.infer<typeof AnswerAnalysisState>;

/** Which text was analysed: the typed answer, or the clip's transcript (the edited one when an owner corrected it). */
export const AnalysedTextSource = z.enum(['text', 'transcript']);
export type AnalysedTextSource = z.infer<typeof AnalysedTextSource>;

/** An answer's analysis as the API serves it (in the answer, the answers list and the live feed). */
export const AnswerAnalysisView = z.object({
  state: AnswerAnalysisState,
  source: AnalysedTextSource,
  /** ISO 639-1 code of the detected language; null when it could not be told or not analysed yet. */
  language: z.string().nullable(),
  sentiment: Sentiment.nullable(),
  /** -1 (most negative) … 1 (most positive); null unless `analyzed`. */
  sentimentScore: z.number().min(-1).max(1).nullable(),
  /**
   * Offsets are UTF-16 positions in the analysed text: the typed text as stored, or the transcript's segments'
   * trimmed texts joined with one space (`joinTranscriptSegments`), which is the transcript's `text`.
   */
  keyPhrases: z.array(KeyPhrase),
  /** The engine that made the result; null while pending for the first time, or when it failed. */
  engine: InsightEngine.nullable(),
  summary: z.string().nullable(),
  summaryEngine: InsightEngine.nullable(),
  /** Why it failed (`failed` only). */
  reason: z.string().nullable(),
  /** When the current result was stored; null while pending for the first time. */
  analyzedAt: z.iso.datetime().nullable(),
});
export type AnswerAnalysisView = z.infer<typeof AnswerAnalysisView>;

/** `POST /api/v1/answers/{answerId}/analysis`: queued again, even when the text has not changed. */
export const AnswerAnalysisRequest = z.object({
  answerId: z.string(),
  /** The analysis as it is now (`pending` once queued). */
  analysis: AnswerAnalysisView,
});
export type AnswerAnalysisRequest = z.infer<typeof AnswerAnalysisRequest>;
