import type { KeyPhrase, SentimentMix, Theme, ThemeQuote, ThemeSet } from '@reelback/shared';
import type { Groups } from './apply-decisions.js';
import type { ThemeAnswer } from './theme-answer.js';
import { centroid, cosine, type SparseVector } from './tfidf.js';

const TOP_TERMS = 5;
const LABEL_TERMS = 3;
const QUOTES = 3;
const PHRASES_PER_QUOTE = 3;

/** Turns groups of answer ids into themes: label, top terms, count, share, sentiment mix and representative quotes. */
export function describeThemes(
  groups: Groups,
  unthemed: ReadonlySet<string>,
  labels: ReadonlyMap<string, string>,
  answers: ReadonlyMap<string, { answer: ThemeAnswer; vector: SparseVector }>,
): ThemeSet {
  const answerCount = answers.size;
  const themes: Theme[] = [];
  for (const [id, memberSet] of groups) {
    const members = [...memberSet].filter((answerId) => answers.has(answerId)).sort();
    if (members.length === 0) continue;
    const entries = members.map((answerId) => answers.get(answerId) as { answer: ThemeAnswer; vector: SparseVector });
    const centre = centroid(entries.map((e) => e.vector));
    const topTerms = [...centre.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP_TERMS).map(([term]) => term);
    const owned = labels.get(id);
    themes.push({
      id,
      label: owned ?? labelOf(entries.map((e) => e.answer), topTerms),
      labelSource: owned ? 'owner' : 'terms',
      topTerms,
      answerIds: members,
      count: members.length,
      share: answerCount === 0 ? 0 : members.length / answerCount,
      sentiment: mixOf(entries.map((e) => e.answer)),
      quotes: quotesOf(entries, centre, topTerms),
    });
  }
  themes.sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
  return { themes, unthemedAnswerIds: [...unthemed].filter((id) => answers.has(id)).sort(), answerCount };
}

/**
 * The phrases members say most that carry the theme's top terms ("pricing page · annual plan"): terms are stems,
 * which read badly ("expens"); phrases are the viewers' words. The top terms when no phrase carries them.
 */
function labelOf(answers: readonly ThemeAnswer[], topTerms: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const answer of answers) {
    for (const text of new Set(answer.keyPhrases.map((p) => p.text.toLowerCase().replace(/\s+/g, ' ').trim()))) {
      if (text.length <= 40 && carries(text, topTerms.slice(0, LABEL_TERMS))) counts.set(text, (counts.get(text) ?? 0) + 1);
    }
  }
  const phrases = [...counts].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0])).slice(0, 2).map(([text]) => text);
  return (phrases.length > 0 ? phrases : topTerms.slice(0, LABEL_TERMS)).join(' · ').slice(0, 120) || 'other';
}

function mixOf(answers: readonly ThemeAnswer[]): SentimentMix {
  const mix: SentimentMix = { negative: 0, neutral: 0, positive: 0, unknown: 0 };
  for (const answer of answers) mix[answer.sentiment ?? 'unknown']++;
  return mix;
}

/** The answers nearest the theme's centre, with the phrases of each that carry the theme's terms. */
function quotesOf(entries: ReadonlyArray<{ answer: ThemeAnswer; vector: SparseVector }>, centre: SparseVector, topTerms: readonly string[]): ThemeQuote[] {
  return entries
    .map((entry) => ({ entry, similarity: cosine(entry.vector, centre) }))
    .sort((a, b) => b.similarity - a.similarity || a.entry.answer.id.localeCompare(b.entry.answer.id))
    .slice(0, QUOTES)
    .map(({ entry, similarity }) => ({
      answerId: entry.answer.id,
      similarity: Math.round(similarity * 1000) / 1000,
      phrases: phrasesFor(entry.answer.keyPhrases, topTerms),
    }));
}

/** Phrases holding one of the terms, by a shared start of ≥ 4 letters (so "pricing page" carries "price"). */
function phrasesFor(phrases: readonly KeyPhrase[], terms: readonly string[]): KeyPhrase[] {
  const carrying = phrases.filter((p) => carries(p.text.toLowerCase(), terms));
  return (carrying.length > 0 ? carrying : phrases.slice(0, 1)).slice(0, PHRASES_PER_QUOTE).map((p) => ({ ...p }));
}

function carries(text: string, terms: readonly string[]): boolean {
  return text.split(/[^\p{L}\p{N}]+/u).some((word) => terms.some((term) => related(word, term)));
}

function related(word: string, term: string): boolean {
  if (word === term) return true;
  let shared = 0;
  while (shared < word.length && shared < term.length && word[shared] === term[shared]) shared++;
  return shared >= 4;
}
