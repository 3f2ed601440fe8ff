// bench/insights: the local insights engine on a labelled set of 312 product-feedback answers written for this
// project (feedback.json, CC0): sentiment macro-F1 against the plain AFINN `sentiment` package, theme purity and
// adjusted Rand index, and the time to analyse 10,000 answers as a ratio to tokenising them alone, in this script.
// Thresholds (sentiment bands, the theme cut) are chosen on the `tune` third only; figures are given for both thirds,
// the `test` two thirds being the ones to quote.
// Usage: node --import tsx bench/insights/evaluate.ts [--answers N] [--rounds N]
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { buildThemes, DEFAULT_MAX_DISTANCE, loadWink, readAnswer, SENTIMENT_THRESHOLDS, sentimentOf, tokenCount, type LocalReading, type ThemeAnswer } from '@reelback/server';
import Sentiment from 'sentiment';
import * as z from 'zod';
import { numberFlag } from '../support/cli-flags.js';
import { adjustedRandIndex, macroF1, purity } from './metrics.js';

const args = process.argv.slice(2);
const ANSWERS = numberFlag(args, '--answers', 10_000);
const ROUNDS = numberFlag(args, '--rounds', 3);

const Label = z.enum(['negative', 'neutral', 'positive']);
type Label = z.infer<typeof Label>;
const CLASSES: readonly Label[] = Label.options;
const Item = z.object({ id: z.string(), split: z.enum(['tune', 'test']), theme: z.string(), sentiment: Label, text: z.string().min(1) });
type Item = z.infer<typeof Item>;
const DataSet = z.object({ licence: z.string(), items: z.array(Item).min(300) });

const set = DataSet.parse(JSON.parse(await readFile(new URL('./feedback.json', import.meta.url), 'utf8')));
const splits = { tune: set.items.filter((i) => i.split === 'tune'), test: set.items.filter((i) => i.split === 'test') };
const readings = new Map<string, LocalReading>();
for (const item of set.items) readings.set(item.id, await readAnswer(item.text));
const notAnalysed = set.items.filter((i) => readings.get(i.id)?.analysis.state !== 'analyzed');

// --- Sentiment -----------------------------------------------------------------------------------------------------
const afinn = new Sentiment();
const engineScore = (item: Item) => readings.get(item.id)?.analysis.sentimentScore ?? 0;
const afinnScore = (item: Item) => afinn.analyze(item.text).comparative;
const bands = (negativeBelow: number, positiveFrom: number) => ({ negativeBelow, positiveFrom });
const f1With = (items: readonly Item[], score: (i: Item) => number, t: { negativeBelow: number; positiveFrom: number }) =>
  macroF1(items.map((i) => i.sentiment), items.map((i) => sentimentOf(score(i), t)), CLASSES);

/** The bands that score best on the items given (a grid of 0.01 steps; ties keep the narrower neutral band). */
function bestBands(items: readonly Item[], score: (i: Item) => number, from: number, to: number) {
  let best = { thresholds: bands(0, 0), f1: -1 };
  for (let lo = from; lo <= to; lo += 0.01) {
    for (let hi = lo; hi <= to; hi += 0.01) {
      const t = bands(round(lo), round(hi));
      const f1 = f1With(items, score, t);
      if (f1 > best.f1 + 1e-9) best = { thresholds: t, f1 };
    }
  }
  return best;
}

// The plain baseline: AFINN's own sign (score < 0 negative, 0 neutral, > 0 positive).
const plainAfinn = bands(-1e-9, 1e-9);
const tunedEngine = bestBands(splits.tune, engineScore, -0.6, 0.8);
const tunedAfinn = bestBands(splits.tune, afinnScore, -1, 1);

console.log(`# bench/insights — ${set.items.length} answers (${splits.tune.length} tune, ${splits.test.length} test), node ${process.version}`);
console.log(`answers the engine did not analyse: ${notAnalysed.length}${notAnalysed.length ? ` (${notAnalysed.map((i) => i.id).join(', ')}: counted neutral)` : ''}`);
console.log('\n## Sentiment macro-F1');
console.log(`engine bands in sentiment-thresholds.ts: negative < ${SENTIMENT_THRESHOLDS.negativeBelow}, positive ≥ ${SENTIMENT_THRESHOLDS.positiveFrom}`);
console.log(`bands the tune third would choose now: negative < ${tunedEngine.thresholds.negativeBelow}, positive ≥ ${tunedEngine.thresholds.positiveFrom}`);
console.log('| scorer | tune | test |');
console.log('| --- | --- | --- |');
const row = (name: string, score: (i: Item) => number, t: { negativeBelow: number; positiveFrom: number }) =>
  console.log(`| ${name} | ${fmt(f1With(splits.tune, score, t))} | ${fmt(f1With(splits.test, score, t))} |`);
row('engine (wink-nlp, shipped bands)', engineScore, SENTIMENT_THRESHOLDS);
row('AFINN `sentiment`, plain sign (the baseline)', afinnScore, plainAfinn);
row(`AFINN \`sentiment\`, bands tuned on the tune third (< ${tunedAfinn.thresholds.negativeBelow}, ≥ ${tunedAfinn.thresholds.positiveFrom})`, afinnScore, tunedAfinn.thresholds);
const testEngine = f1With(splits.test, engineScore, SENTIMENT_THRESHOLDS);
const testBaseline = f1With(splits.test, afinnScore, plainAfinn);
// Not a result: the bands the test third itself would pick, to tell how much of the gap the bands could close.
const oracle = bestBands(splits.test, engineScore, -0.6, 0.8);
console.log(`(ceiling, not a result: bands chosen on the test third itself, < ${oracle.thresholds.negativeBelow} and ≥ ${oracle.thresholds.positiveFrom}, would give the engine ${fmt(oracle.f1)} there)`);
console.log(`test third: engine ${fmt(testEngine)} vs baseline ${fmt(testBaseline)} (+${fmt(testEngine - testBaseline)}); targets ≥ 0.75 and ≥ baseline + 0.10`);
confusion('engine, test third', splits.test, (i) => sentimentOf(engineScore(i), SENTIMENT_THRESHOLDS));

// --- Themes ----------------------------------------------------------------------------------------------------------
const themeAnswer = (item: Item): ThemeAnswer => {
  const reading = readings.get(item.id) as LocalReading;
  return { id: item.id, terms: reading.terms, sentiment: reading.analysis.sentiment, keyPhrases: reading.analysis.keyPhrases };
};
function themeScores(items: readonly Item[], maxDistance: number) {
  const set = buildThemes(items.map(themeAnswer), [], undefined, { maxDistance });
  const clusterOf = new Map<string, string>();
  for (const theme of set.themes) for (const id of theme.answerIds) clusterOf.set(id, theme.id);
  // Unthemed answers count as one more cluster, "other": leaving them out would flatter purity.
  const clusters = items.map((i) => clusterOf.get(i.id) ?? 'unthemed');
  const truth = items.map((i) => i.theme);
  return { purity: purity(truth, clusters), ari: adjustedRandIndex(truth, clusters), themes: set.themes.length, unthemed: set.unthemedAnswerIds.length / items.length, set };
}
// The cut with the best ARI on the tune third (purity alone rewards cutting everything into tiny themes).
let bestCut = { maxDistance: 0, ari: -2 };
const sweep: string[] = [];
for (let d = 0.5; d <= 0.999; d += 0.01) {
  const s = themeScores(splits.tune, round(d));
  if (Math.round(d * 100) % 5 === 0) sweep.push(`${round(d)}: ${fmt(s.purity)}/${fmt(s.ari)}/${s.themes}`);
  if (s.ari > bestCut.ari) bestCut = { maxDistance: round(d), ari: s.ari };
}
console.log(`tune third, cut: purity/ARI/themes — ${sweep.join(', ')}`);
console.log('\n## Themes (TF-IDF of content-word stems, average-linkage cosine clustering)');
console.log(`cut in theme-answer.ts: ${DEFAULT_MAX_DISTANCE}; the tune third's best cut by ARI now: ${bestCut.maxDistance}`);
console.log('| split | purity | ARI | themes | unthemed |');
console.log('| --- | --- | --- | --- | --- |');
for (const [name, items] of Object.entries(splits)) {
  const s = themeScores(items, DEFAULT_MAX_DISTANCE);
  console.log(`| ${name} (${items.length}) | ${fmt(s.purity)} | ${fmt(s.ari)} | ${s.themes} | ${Math.round(s.unthemed * 100)} % |`);
}
for (const theme of themeScores(splits.test, DEFAULT_MAX_DISTANCE).set.themes.slice(0, 8)) {
  const labels = new Map<string, number>();
  for (const id of theme.answerIds) {
    const label = set.items.find((i) => i.id === id)?.theme ?? '?';
    labels.set(label, (labels.get(label) ?? 0) + 1);
  }
  console.log(`  ${theme.count} "${theme.label}": ${[...labels].map(([l, n]) => `${l} ${n}`).join(', ')}`);
}

// --- Time ------------------------------------------------------------------------------------------------------------
const wink = await loadWink();
const texts = Array.from({ length: ANSWERS }, (_, i) => (set.items[i % set.items.length] as Item).text);
// Rounds interleave the three so that a change of load on a shared machine weighs on all of them alike.
const times = { tokenise: [] as number[], analyse: [] as number[], afinn: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  let start = performance.now();
  for (const text of texts) tokenCount(wink, text);
  times.tokenise.push(performance.now() - start);
  start = performance.now();
  for (const text of texts) await readAnswer(text);
  times.analyse.push(performance.now() - start);
  start = performance.now();
  for (const text of texts) afinn.analyze(text);
  times.afinn.push(performance.now() - start);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const tokenise = median(times.tokenise);
const analyse = median(times.analyse);
const afinnTime = median(times.afinn);
console.log(`\n## Time for ${ANSWERS.toLocaleString('en')} answers (median of ${ROUNDS} interleaved rounds; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
console.log(`tokenising alone (wink, no tagging): ${ms(tokenise)}; analysing (language, sentiment, phrases, terms): ${ms(analyse)} = ${(analyse / tokenise).toFixed(1)}× tokenising; AFINN scoring: ${ms(afinnTime)} = ${(afinnTime / tokenise).toFixed(2)}×`);

// The longest the event loop waits while one 50,000-character answer is read.
const long = `${'The upload is slow on hotel wifi and the export button is hard to find. '.repeat(700)}`.slice(0, 50_000);
let lastTick = performance.now();
let longestGap = 0;
let reading = true;
const tick = () => {
  const now = performance.now();
  longestGap = Math.max(longestGap, now - lastTick);
  lastTick = now;
  if (reading) setImmediate(tick);
};
setImmediate(tick);
const longStart = performance.now();
await readAnswer(long);
const longTotal = performance.now() - longStart;
reading = false;
console.log(`one 50,000-character answer: ${ms(longTotal)} in all, the event loop waited at most ${ms(longestGap)} at a time`);

function confusion(name: string, items: readonly Item[], predict: (i: Item) => Label) {
  console.log(`confusion (${name}; rows = label, columns = predicted ${CLASSES.join('/')}):`);
  for (const truth of CLASSES) {
    const row = CLASSES.map((p) => items.filter((i) => i.sentiment === truth && predict(i) === p).length);
    console.log(`  ${truth.padEnd(8)} ${row.join(' / ')}`);
  }
}
function round(x: number): number {
  return Math.round(x * 100) / 100;
}
function fmt(x: number): string {
  return x.toFixed(3);
}
function ms(x: number): string {
  return x < 1000 ? `${x.toFixed(1)} ms` : `${(x / 1000).toFixed(2)} s`;
}
