import { type ThemeDecision, ThemeSet } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { buildThemes, updateThemes } from './build-themes.js';
import type { ThemeAnswer } from './theme-answer.js';

/** An answer about some terms; a key phrase per term at known offsets (the text is the terms joined by spaces). */
function answer(id: string, terms: string[], sentiment: ThemeAnswer['sentiment'] = 'neutral'): ThemeAnswer {
  let at = 0;
  const keyPhrases = terms.map((term) => {
    const phrase = { text: term, start: at, end: at + term.length };
    at += term.length + 1;
    return phrase;
  });
  return { id, terms, sentiment, keyPhrases };
}

// Three topics with distinct words; a shared word inside each topic links its answers.
const pricing = [
  answer('p1', ['price', 'plan', 'expens'], 'negative'),
  answer('p2', ['price', 'plan', 'seat'], 'negative'),
  answer('p3', ['price', 'plan', 'discount'], 'positive'),
  answer('p4', ['price', 'plan', 'invoic']),
];
const recording = [
  answer('r1', ['record', 'camera', 'black'], 'negative'),
  answer('r2', ['record', 'camera', 'microphon'], 'negative'),
  answer('r3', ['record', 'camera', 'easi'], 'positive'),
];
const exporting = [
  answer('e1', ['export', 'csv', 'column'], 'negative'),
  answer('e2', ['export', 'csv', 'excel']),
  answer('e3', ['export', 'csv', 'sheet'], 'positive'),
];
const all = [...pricing, ...recording, ...exporting];
// Few answers here: a topic's word is in a third of them, more than the 0.3 share kept on real flows.
const OPTIONS = { maxDistance: 0.9, maxDfShare: 0.5 };

function themeOf(set: ThemeSet, answerId: string) {
  return set.themes.find((t) => t.answerIds.includes(answerId));
}
function valid(set: ThemeSet): ThemeSet {
  const parsed = ThemeSet.safeParse(set);
  expect(parsed.success, parsed.error?.message).toBe(true);
  return set;
}

describe('buildThemes', () => {
  it('groups answers by what they talk about, with label, count, share, sentiment mix and quotes with offsets', () => {
    const set = valid(buildThemes(all, [], undefined, OPTIONS));
    expect(set.themes.map((t) => [...t.answerIds].sort())).toEqual([
      ['p1', 'p2', 'p3', 'p4'],
      ['e1', 'e2', 'e3'],
      ['r1', 'r2', 'r3'],
    ].sort((a, b) => b.length - a.length || (themeOf(set, a[0] as string)?.id ?? '').localeCompare(themeOf(set, b[0] as string)?.id ?? '')));
    const price = themeOf(set, 'p1');
    expect(price).toMatchObject({ count: 4, share: 0.4, labelSource: 'terms', sentiment: { negative: 2, neutral: 1, positive: 1, unknown: 0 } });
    expect(price?.topTerms.slice(0, 2).sort()).toEqual(['plan', 'price']);
    expect(price?.label).toMatch(/price|plan/);
    expect(price?.quotes.length).toBeGreaterThan(0);
    for (const quote of price?.quotes ?? []) {
      expect(quote.phrases.length).toBeGreaterThan(0);
      for (const phrase of quote.phrases) expect(['price', 'plan']).toContain(phrase.text);
    }
  });

  it('leaves answers with nothing to compare, or like no other, unthemed', () => {
    const set = valid(buildThemes([...all, answer('x1', []), answer('x2', ['zebra'])], [], undefined, OPTIONS));
    expect(set.unthemedAnswerIds).toEqual(['x1', 'x2']);
    expect(set.answerCount).toBe(12);
  });

  it('gives the same ids for the same answers, and keeps a theme id when its answers are mostly the same', () => {
    const first = buildThemes(all, [], undefined, OPTIONS);
    expect(buildThemes(all, [], undefined, OPTIONS)).toEqual(first);
    const grown = buildThemes([...all, answer('p5', ['price', 'plan', 'annual'])], [], first, OPTIONS);
    expect(themeOf(grown, 'p5')?.id).toBe(themeOf(first, 'p1')?.id);
  });
});

describe('owner decisions survive recomputation', () => {
  const first = buildThemes(all, [], undefined, OPTIONS);
  const priceId = themeOf(first, 'p1')?.id as string;
  const recordId = themeOf(first, 'r1')?.id as string;
  const exportId = themeOf(first, 'e1')?.id as string;
  const newcomers = [answer('p5', ['price', 'plan', 'annual']), answer('r4', ['record', 'camera', 'sound']), answer('e4', ['export', 'csv', 'date'])];

  /** Both ways themes are recomputed: new answers added to the themes, and everything grouped again. */
  function recomputed(decisions: ThemeDecision[]): Array<[string, ThemeSet]> {
    const decided = buildThemes(all, decisions, first, OPTIONS);
    return [
      ['incremental', valid(updateThemes(decided, decisions, [...all, ...newcomers], OPTIONS))],
      ['full', valid(buildThemes([...all, ...newcomers], decisions, decided, OPTIONS))],
    ];
  }

  it('rename: the theme keeps the owner\'s label', () => {
    for (const [how, set] of recomputed([{ id: 'd1', kind: 'rename', themeId: priceId, label: 'Pricing complaints' }])) {
      expect(themeOf(set, 'p5'), how).toMatchObject({ id: priceId, label: 'Pricing complaints', labelSource: 'owner' });
    }
  });

  it('merge: the themes stay one under the first id, and newcomers to either join it', () => {
    for (const [how, set] of recomputed([{ id: 'd1', kind: 'merge', themeIds: [recordId, exportId] }])) {
      const merged = themeOf(set, 'r1');
      expect(merged?.id, how).toBe(recordId);
      expect(merged?.answerIds, how).toEqual(expect.arrayContaining(['r1', 'r2', 'r3', 'e1', 'e2', 'e3', 'r4', 'e4']));
      expect(set.themes.some((t) => t.id === exportId), how).toBe(false);
    }
  });

  it('split: the answers stay apart in a theme whose id is the decision\'s, with its label', () => {
    const decisions: ThemeDecision[] = [{ id: 'split-discounts', kind: 'split', themeId: priceId, answerIds: ['p3', 'p4'], label: 'Discounts and invoices' }];
    for (const [how, set] of recomputed(decisions)) {
      expect(themeOf(set, 'p3'), how).toMatchObject({ id: 'split-discounts', label: 'Discounts and invoices' });
      expect(themeOf(set, 'p4')?.id, how).toBe('split-discounts');
      expect(themeOf(set, 'p1')?.id, how).toBe(priceId);
    }
  });

  it('pin: the answer stays in the owner\'s theme whatever its words', () => {
    for (const [how, set] of recomputed([{ id: 'd1', kind: 'pin', answerId: 'e1', themeId: priceId }])) {
      expect(themeOf(set, 'e1')?.id, how).toBe(priceId);
      expect(themeOf(set, 'e2')?.id, how).toBe(exportId);
    }
  });

  it('decisions apply in order: a rename after a merge names the merged theme through either id', () => {
    const decisions: ThemeDecision[] = [
      { id: 'd1', kind: 'merge', themeIds: [recordId, exportId] },
      { id: 'd2', kind: 'rename', themeId: exportId, label: 'Media in and out' },
    ];
    for (const [how, set] of recomputed(decisions)) expect(themeOf(set, 'e4'), how).toMatchObject({ id: recordId, label: 'Media in and out' });
  });

  it('a decision about answers or themes that are gone changes nothing', () => {
    const decisions: ThemeDecision[] = [
      { id: 'd1', kind: 'pin', answerId: 'deleted-answer', themeId: priceId },
      { id: 'd2', kind: 'rename', themeId: 'theme-that-is-gone', label: 'Ghost' },
      { id: 'd3', kind: 'split', themeId: priceId, answerIds: ['deleted-answer'] },
    ];
    for (const [how, set] of recomputed(decisions)) {
      expect(set.themes.some((t) => t.label === 'Ghost' || t.id === 'd3' || t.answerIds.includes('deleted-answer')), how).toBe(false);
    }
  });
});

describe('updateThemes', () => {
  it('keeps placed answers where they are, drops answers no longer in scope, and groups unlike newcomers apart', () => {
    const first = buildThemes(all, [], undefined, OPTIONS);
    const support = [answer('s1', ['support', 'ticket', 'repli']), answer('s2', ['support', 'ticket', 'week'])];
    const next = valid(updateThemes(first, [], [...all.filter((a) => a.id !== 'p4'), ...support], OPTIONS));
    expect(themeOf(next, 'p1')?.id).toBe(themeOf(first, 'p1')?.id);
    expect(themeOf(next, 'p1')?.answerIds).not.toContain('p4');
    expect(themeOf(next, 's1')?.answerIds.sort()).toEqual(['s1', 's2']);
    expect([themeOf(first, 'p1')?.id, themeOf(first, 'r1')?.id, themeOf(first, 'e1')?.id]).not.toContain(themeOf(next, 's1')?.id);
  });
});
