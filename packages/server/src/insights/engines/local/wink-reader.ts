import type { WinkMethods } from 'wink-nlp';

/**
 * wink-nlp with its English "lite web" model (an npm package: nothing is downloaded at run time). Loaded once per
 * process on first use, not when the server starts (≈ 0.5–1 s and ≈ 45 MB resident, measured), then shared:
 * `readDoc` keeps no state between documents.
 */
interface Wink {
  /** The full pipeline: sentences, parts of speech, negation, sentiment, our noun-phrase patterns. */
  nlp: WinkMethods;
  /** Tokenising alone, the benchmark's baseline. */
  tokenizer: WinkMethods;
}
let loading: Promise<Wink> | null = null;

/** Loads wink and its model (once); `readChunk` and `tokenCount` need it loaded. */
export function loadWink(): Promise<Wink> {
  loading ??= (async () => {
    const [{ default: winkNLP }, { default: model }] = await Promise.all([import('wink-nlp'), import('wink-eng-lite-web-model')]);
    const nlp = winkNLP(model, ['sbd', 'pos', 'negation', 'sentiment', 'cer']);
    // Noun phrases by part of speech: an optional adjective, then one to three nouns ("export button",
    // "new dashboard", "video upload"). Entities of the model (dates, money) are not themes and are left out.
    nlp.learnCustomEntities([{ name: 'phrase', patterns: ['[|ADJ] [NOUN|PROPN] [|NOUN|PROPN] [|NOUN|PROPN]'] }]);
    return { nlp, tokenizer: winkNLP(model, []) };
  })();
  return loading;
}

export interface ReadPhrase {
  /** Lower-cased lemmas joined by a space: how repeats of a phrase are recognised ("pricing pages" = "pricing page"). */
  key: string;
  start: number;
  end: number;
}

export interface ReadChunk {
  /** -1 … 1, as wink scores the chunk. */
  score: number;
  /** Word tokens (not punctuation, symbols or emoji): how much a chunk weighs in the answer's score. */
  words: number;
  /** Emoji tokens: an answer of emoji alone still carries sentiment. */
  emoji: number;
  phrases: ReadPhrase[];
  /** Stems of the content words (nouns, verbs, adjectives, proper nouns), not stop words: what themes compare. */
  terms: string[];
}

const CONTENT_POS = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ']);

/** Reads one chunk. `offset` is where the chunk stands in the answer, so phrase offsets are the answer's. */
export function readChunk(wink: Wink, text: string, offset = 0): ReadChunk {
  const engine = wink.nlp;
  const its = engine.its;
  const doc = engine.readDoc(text);
  const tokens = doc.tokens();
  const values = tokens.out() as string[];
  const types = tokens.out(its.type) as string[];
  const pos = tokens.out(its.pos) as string[];
  // The types declare `its.lemma` with an addons parameter `out` does not name; the model ships the lemmatiser addon.
  const lemmas = tokens.out(its.lemma as unknown as typeof its.value) as string[];
  // Porter2 stems for themes: "price", "pricing" and "priced" are one term (lemmas keep them apart).
  const stems = tokens.out(its.stem as unknown as typeof its.value) as string[];
  const stop = tokens.out(its.stopWordFlag) as boolean[];

  // wink keeps each token's text as written; finding them in order gives their offsets (no token is ever reordered).
  const starts: number[] = [];
  const ends: number[] = [];
  let cursor = 0;
  for (const value of values) {
    const at = text.indexOf(value, cursor);
    const start = at === -1 ? cursor : at;
    starts.push(start);
    ends.push(at === -1 ? cursor : start + value.length);
    if (at !== -1) cursor = start + value.length;
  }

  const phrases: ReadPhrase[] = [];
  const spans = doc.customEntities().out(its.span) as unknown as Array<[number, number]>;
  for (const [first, last] of spans) {
    const key = lemmasOf(first, last, types, lemmas);
    const start = starts[first];
    const end = ends[last];
    if (key === null || start === undefined || end === undefined || end <= start) continue;
    phrases.push({ key, start: offset + start, end: offset + end });
  }

  const terms: string[] = [];
  let words = 0;
  let emoji = 0;
  for (let i = 0; i < values.length; i++) {
    if (types[i] === 'emoji' || types[i] === 'emoticon') emoji++;
    if (types[i] !== 'word') continue;
    words++;
    const stem = stems[i]?.toLowerCase();
    if (stem && !stop[i] && CONTENT_POS.has(pos[i] ?? '') && stem.length > 1 && /\p{L}/u.test(stem)) terms.push(stem);
  }
  return { score: Number(doc.out(its.sentiment)) || 0, words, emoji, phrases, terms };
}

/** Tokenises only (no tagging, no sentiment): the baseline the benchmark compares analysis time with. */
export function tokenCount(wink: Wink, text: string): number {
  return wink.tokenizer.readDoc(text).tokens().length();
}

/** The phrase's key, or null when it is not worth showing (a lone letter, a number, a symbol). */
function lemmasOf(first: number, last: number, types: string[], lemmas: string[]): string | null {
  const parts: string[] = [];
  for (let i = first; i <= last; i++) {
    if (types[i] !== 'word') return null;
    parts.push((lemmas[i] ?? '').toLowerCase());
  }
  const key = parts.join(' ');
  return key.replace(/[^\p{L}]/gu, '').length >= 3 ? key : null;
}
