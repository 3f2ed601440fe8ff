import type { AnswerAnalysis, InsightEngine, KeyPhrase } from '@reelback/shared';
import type { AnalyseOptions, TextAnalyser } from '../../../ports/text-analyser.js';
import { chunkText } from './chunk-text.js';
import { detectLanguage } from './detect-language.js';
import { readableCopy } from './plain-text.js';
import { SENTIMENT_THRESHOLDS, sentimentOf } from './sentiment-thresholds.js';
import { loadWink, readChunk, type ReadPhrase } from './wink-reader.js';

/**
 * Longest prefix of an answer that is read. Answers are capped well below this by the answer schema in practice;
 * past it the rest is not analysed (said in docs/insights.md), so one pasted book cannot cost more than ≈ 100 ms.
 */
export const MAX_ANALYSED_CHARS = 50_000;
/** Phrases kept per answer, most repeated first. */
export const MAX_KEY_PHRASES = 20;

export const LOCAL_ENGINE: InsightEngine = { kind: 'local', name: 'wink-nlp 2.4 / wink-eng-lite-web-model 1.8' };

export interface LocalReading {
  analysis: AnswerAnalysis;
  /** Stems of the content words of the whole analysed text, for themes (empty when not analysed). */
  terms: string[];
}

/** The default engine: local, no network, English only (other languages are named, not analysed). */
export function openLocalTextAnalyser(): TextAnalyser & { read(text: string, options?: AnalyseOptions): Promise<LocalReading> } {
  return {
    engine: LOCAL_ENGINE,
    async analyse(text, options) {
      return (await readAnswer(text, options)).analysis;
    },
    read: readAnswer,
  };
}

/** Reads one answer: never throws for bad text (it says so in `state`); stops between chunks when `signal` aborts. */
export async function readAnswer(text: string, options: AnalyseOptions = {}): Promise<LocalReading> {
  const original = text.slice(0, MAX_ANALYSED_CHARS);
  const copy = readableCopy(original);
  // No letter, digit or emoji: nothing a reader could take a meaning from.
  if (!/[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(copy)) return { analysis: outcome('empty'), terms: [] };

  const verdict = await detectLanguage(copy);
  if (verdict.kind === 'other') return { analysis: outcome('unsupported-language', verdict.language), terms: [] };

  let weighted = 0;
  let weight = 0;
  const phrases = new Map<string, { first: ReadPhrase; count: number }>();
  const terms: string[] = [];
  const wink = await loadWink();
  const chunks = chunkText(copy);
  for (const [index, chunk] of chunks.entries()) {
    if (index > 0) await yieldToEventLoop();
    options.signal?.throwIfAborted();
    const read = readChunk(wink, chunk.text, chunk.start);
    const w = read.words + read.emoji;
    weighted += read.score * w;
    weight += w;
    for (const phrase of read.phrases) {
      const seen = phrases.get(phrase.key);
      if (seen) seen.count++;
      else phrases.set(phrase.key, { first: phrase, count: 1 });
    }
    terms.push(...read.terms);
  }
  if (weight === 0) return { analysis: outcome('empty'), terms: [] };

  const score = clamp(weighted / weight);
  const keyPhrases: KeyPhrase[] = [...phrases.values()]
    .sort((a, b) => b.count - a.count || a.first.start - b.first.start)
    .slice(0, MAX_KEY_PHRASES)
    .map(({ first }) => ({ text: original.slice(first.start, first.end).slice(0, 200), start: first.start, end: first.end }));
  return {
    analysis: {
      state: 'analyzed',
      language: verdict.kind === 'english' ? 'en' : null,
      sentiment: sentimentOf(score, SENTIMENT_THRESHOLDS),
      sentimentScore: score,
      keyPhrases,
      engine: LOCAL_ENGINE,
      summary: null,
      summaryEngine: null,
    },
    terms,
  };
}

function outcome(state: 'empty' | 'unsupported-language', language: string | null = null): AnswerAnalysis {
  return { state, language, sentiment: null, sentimentScore: null, keyPhrases: [], engine: LOCAL_ENGINE, summary: null, summaryEngine: null };
}

function clamp(score: number): number {
  return Math.max(-1, Math.min(1, Math.round(score * 1000) / 1000));
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
