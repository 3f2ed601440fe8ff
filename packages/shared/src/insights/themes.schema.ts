import * as z from 'zod';
import { KeyPhrase } from './answer-analysis.schema.js';

/**
 * Themes of a flow's answers (#17): what the answers talk about, grouped by the server
 * (`packages/server/src/insights/themes/`), and the owner's decisions about them, kept as data so that they
 * survive every recomputation.
 */
const Id = z.string().min(1).max(200);

/** An owner's choice about themes. Applied in order after every recomputation. */
export const ThemeDecision = z.discriminatedUnion('kind', [
  /** The theme keeps this label whatever its phrases become. */
  z.object({ id: Id, kind: z.literal('rename'), themeId: Id, label: z.string().trim().min(1).max(120) }),
  /** The themes become one, under the first id; answers that later join any of them join it. */
  z.object({ id: Id, kind: z.literal('merge'), themeIds: z.array(Id).min(2).max(50) }),
  /**
   * These answers leave the theme for a new one whose id is the decision's id (so it is the same theme every
   * time); answers that later arrive join whichever of the two they are closer to.
   */
  z.object({ id: Id, kind: z.literal('split'), themeId: Id, answerIds: z.array(Id).min(1).max(10_000), label: z.string().trim().min(1).max(120).optional() }),
  /** The answer stays in this theme whatever its words. */
  z.object({ id: Id, kind: z.literal('pin'), answerId: Id, themeId: Id }),
]);
export type ThemeDecision = z.infer<typeof ThemeDecision>;

/** A quote that stands for a theme: an answer close to the theme's centre and the phrases of it that say so. */
export const ThemeQuote = z.object({
  answerId: Id,
  /** Cosine similarity of the answer to the theme's centre, 0 … 1. */
  similarity: z.number().min(0).max(1),
  /** The answer's key phrases that carry the theme's terms, with their offsets (to mark them and seek the clip). */
  phrases: z.array(KeyPhrase).max(10),
});
export type ThemeQuote = z.infer<typeof ThemeQuote>;

export const SentimentMix = z.object({
  negative: z.number().int().nonnegative(),
  neutral: z.number().int().nonnegative(),
  positive: z.number().int().nonnegative(),
  /** Answers in the theme with no sentiment (another language, nothing analysed). */
  unknown: z.number().int().nonnegative(),
});
export type SentimentMix = z.infer<typeof SentimentMix>;

export const Theme = z.object({
  id: Id,
  label: z.string().min(1).max(120),
  /** `terms`: made from the theme's top terms; `owner`: renamed by an owner; `llm`: named by a language model. */
  labelSource: z.enum(['terms', 'owner', 'llm']),
  /** The terms that weigh most in the theme's centre, heaviest first. */
  topTerms: z.array(z.string().min(1).max(100)).max(10),
  answerIds: z.array(Id),
  count: z.number().int().nonnegative(),
  /** count / answers grouped (themed or not), 0 … 1. */
  share: z.number().min(0).max(1),
  sentiment: SentimentMix,
  quotes: z.array(ThemeQuote).max(5),
});
export type Theme = z.infer<typeof Theme>;

export const ThemeSet = z.object({
  themes: z.array(Theme),
  /** Answers in no theme: nothing to compare (no content words), or too unlike every other answer. */
  unthemedAnswerIds: z.array(Id),
  /** How many answers were grouped (themed and unthemed). */
  answerCount: z.number().int().nonnegative(),
});
export type ThemeSet = z.infer<typeof ThemeSet>;
