import type { AnswerAnalysis, InsightEngine, SentimentMix } from '@reelback/shared';
import * as z from 'zod';
import type { AnalyseOptions, TextAnalyser } from '../../../ports/text-analyser.js';
import { type ChatClient, LlmError, type LlmFailureKind } from './chat-client.js';
import { DIGEST_INSTRUCTIONS, promptWithData, SUMMARY_INSTRUCTIONS, THEME_NAME_INSTRUCTIONS } from './prompts.js';

/**
 * What became of the language-model part: done; not configured; skipped (nothing to send: an empty answer, no
 * themes); or failed, the local result standing, and why.
 */
export type LlmOutcome = { state: 'done' } | { state: 'off' } | { state: 'skipped' } | { state: 'failed'; kind: LlmFailureKind; reason: string };

/** How much of an answer is sent: a summary of the first 8,000 characters is a summary of the answer. */
const MAX_ANSWER_CHARS = 8_000;
const MAX_QUOTE_CHARS = 500;

const Line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/[\r\n]/.test(s), 'must be one line');

// `.strict()`: an answer with fields we did not ask for is not the answer we asked for (an injected instruction
// that got through would most likely show there first).
const SummaryAnswer = z.object({ summary: Line(300) }).strict();
const ThemeNamesAnswer = z.object({ themes: z.array(z.object({ id: z.string(), name: Line(60) }).strict()).max(100) }).strict();
const DigestAnswer = z.object({ digest: z.string().trim().min(1).max(1500), highlights: z.array(Line(200)).max(5) }).strict();

export function llmEngine(model: string): InsightEngine {
  return { kind: 'llm', name: model.slice(0, 200) || 'language model' };
}

/**
 * Adds a one-sentence summary to an answer's local analysis. Never throws for the model's failures: the local
 * analysis is returned as it was, and `llm` says why there is no summary.
 */
export async function summariseAnswer(client: ChatClient | null, text: string, local: AnswerAnalysis, signal?: AbortSignal): Promise<{ analysis: AnswerAnalysis; llm: LlmOutcome }> {
  if (!client) return { analysis: local, llm: { state: 'off' } };
  if (local.state === 'empty') return { analysis: local, llm: { state: 'skipped' } };
  const { messages } = promptWithData(SUMMARY_INSTRUCTIONS, { answer: text.slice(0, MAX_ANSWER_CHARS) });
  try {
    const { value, model } = await client.completeJson(messages, SummaryAnswer, signal);
    return { analysis: { ...local, summary: value.summary, summaryEngine: llmEngine(model) }, llm: { state: 'done' } };
  } catch (error) {
    return { analysis: local, llm: failed(error, signal) };
  }
}

export interface ThemeToName {
  id: string;
  topTerms: readonly string[];
  quotes: readonly string[];
}

/** Names for themes, by id; on failure no names (the themes keep the labels made from their terms) and why. */
export async function nameThemes(client: ChatClient | null, themes: readonly ThemeToName[], signal?: AbortSignal): Promise<{ names: Map<string, string>; llm: LlmOutcome }> {
  if (!client) return { names: new Map(), llm: { state: 'off' } };
  if (themes.length === 0) return { names: new Map(), llm: { state: 'skipped' } };
  const data = { themes: themes.map((t) => ({ id: t.id, terms: t.topTerms.slice(0, 10), quotes: t.quotes.slice(0, 3).map((q) => q.slice(0, MAX_QUOTE_CHARS)) })) };
  const { messages } = promptWithData(THEME_NAME_INSTRUCTIONS, data);
  try {
    const { value } = await client.completeJson(messages, ThemeNamesAnswer, signal);
    const asked = new Set(themes.map((t) => t.id));
    const names = new Map(value.themes.filter((t) => asked.has(t.id)).map((t) => [t.id, t.name] as const));
    // Names for themes we did not send, or none for some we did: the answer is not about our themes.
    if (names.size !== asked.size || value.themes.length !== asked.size) {
      return { names: new Map(), llm: { state: 'failed', kind: 'malformed', reason: 'the language model did not name exactly the themes it was given' } };
    }
    return { names, llm: { state: 'done' } };
  } catch (error) {
    return { names: new Map(), llm: failed(error, signal) };
  }
}

export interface DigestInput {
  /** Monday of the week, YYYY-MM-DD. */
  week: string;
  answerCount: number;
  sentiment: SentimentMix;
  themes: ReadonlyArray<{ name: string; count: number; share: number; sentiment: SentimentMix }>;
  quotes: readonly string[];
}

export type Digest = z.infer<typeof DigestAnswer>;

/** The "what we heard" digest of a flow's week; null and why when the model could not make one. */
export async function digestWeek(client: ChatClient | null, input: DigestInput, signal?: AbortSignal): Promise<{ digest: Digest | null; engine: InsightEngine | null; llm: LlmOutcome }> {
  if (!client) return { digest: null, engine: null, llm: { state: 'off' } };
  const data = { ...input, themes: input.themes.slice(0, 20), quotes: input.quotes.slice(0, 10).map((q) => q.slice(0, MAX_QUOTE_CHARS)) };
  const { messages } = promptWithData(DIGEST_INSTRUCTIONS, data);
  try {
    const { value, model } = await client.completeJson(messages, DigestAnswer, signal);
    return { digest: value, engine: llmEngine(model), llm: { state: 'done' } };
  } catch (error) {
    return { digest: null, engine: null, llm: failed(error, signal) };
  }
}

/**
 * The local engine with a summary on top when a model is configured. `analyse` (the port) returns the analysis
 * alone; `analyseWithOutcome` also says what became of the summary, for the job to store.
 */
export function openLlmTextAnalyser(local: TextAnalyser, client: ChatClient): TextAnalyser & {
  analyseWithOutcome(text: string, options?: AnalyseOptions): Promise<{ analysis: AnswerAnalysis; llm: LlmOutcome }>;
} {
  const analyseWithOutcome = async (text: string, options: AnalyseOptions = {}) => summariseAnswer(client, text, await local.analyse(text, options), options.signal);
  return {
    engine: local.engine,
    analyseWithOutcome,
    async analyse(text, options) {
      return (await analyseWithOutcome(text, options)).analysis;
    },
  };
}

function failed(error: unknown, signal: AbortSignal | undefined): LlmOutcome {
  // A job being stopped is not the model's failure: let the caller see its own abort.
  if (signal?.aborted) throw signal.reason ?? error;
  if (error instanceof LlmError) return { state: 'failed', kind: error.kind, reason: error.message };
  return { state: 'failed', kind: 'unreachable', reason: 'the language model could not be asked' };
}
