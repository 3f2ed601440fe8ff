import * as z from 'zod';

/**
 * What an insights engine says about one answer's text (a typed answer, or a clip's transcript — the edited one when
 * corrected). The contract between the engines (`packages/server/src/insights/engines/`), the analysis job that
 * stores it, the API, exports and webhooks (#17).
 */
export const Sentiment = z.enum(['negative', 'neutral', 'positive']);
export type Sentiment = z.infer<typeof Sentiment>;

/** A key phrase, with where it stands in the analysed text (UTF-16 offsets, `end` exclusive). */
export const KeyPhrase = z.object({
  text: z.string().min(1).max(200),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type KeyPhrase = z.infer<typeof KeyPhrase>;

/** Which engine made a result: the local one by default, a language model only when a workspace configured one. */
export const InsightEngine = z.object({
  kind: z.enum(['local', 'llm']),
  /** e.g. `wink-nlp 2.x / wink-eng-lite-web-model`, or the model name the LLM endpoint answered with. */
  name: z.string().min(1).max(200),
});
export type InsightEngine = z.infer<typeof InsightEngine>;

export const AnswerAnalysis = z.object({
  /**
   * `analyzed`: every field below holds. `empty`: nothing to analyse (no words). `unsupported-language`: the text is
   * in a language the engine does not know — said, not guessed (sentiment and phrases are null/empty then).
   */
  state: z.enum(['analyzed', 'empty', 'unsupported-language']),
  /** ISO 639-1 code of the detected language; null when it could not be told. */
  language: z.string().min(2).max(3).nullable(),
  sentiment: Sentiment.nullable(),
  /** -1 (most negative) … 1 (most positive); null when not analysed. */
  sentimentScore: z.number().min(-1).max(1).nullable(),
  keyPhrases: z.array(KeyPhrase).max(50),
  engine: InsightEngine,
  /** One sentence, only from a language model; null otherwise. */
  summary: z.string().max(500).nullable(),
  summaryEngine: InsightEngine.nullable(),
});
export type AnswerAnalysis = z.infer<typeof AnswerAnalysis>;
