// What the seeded answers say: feedback-like sentences from a Zipf-distributed vocabulary (a few hundred real
// words, then a long tail of made-up ones, as real feedback has product names, typos and jargon), with two marker
// words mixed in at known rates so the searches have a known number of hits.

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same database. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON = `the i it to and a of is that in was my for on this not but with you can be have when there
so just would like what at are do if page app when after time get could no one see more it's they should find
button work working broken slow fast love great easy hard confusing nice really need want feature please
click clicked open opened load loading loaded save saved form sign login password account email mobile phone
desktop screen video audio record recording upload uploaded download price pricing plan billing invoice card
payment pay paid cart order orders shipping delivery search results filter sort list settings profile team
invite share link dashboard report reports chart data import sync calendar notification notifications message
messages chat support help docs documentation onboarding tutorial trial free upgrade downgrade cancel refund
bug bugs error errors crash crashed freeze froze stuck blank missing wrong weird odd better worse best worst
because also again still never always sometimes every week day today yesterday month minutes seconds hour
customer customers user users colleague manager boss client clients project projects task tasks file files
folder folders photo photos image images font fonts color colors dark mode theme layout menu tab tabs window
scroll scrolling keyboard shortcut shortcuts mouse touch tap swipe zoom text copy paste edit delete remove add
new old first last next previous back forward home start end finish done complete completed ready wait waiting
think thought feel felt seems seemed looks looked tried try trying used use using make made take took give
gave got going go went come came know knew understand understood expected expect hoped hope wish wished`
  .split(/\s+/)
  .filter((w) => w.length > 0);

/** Marker words: never produced by the vocabulary, so their hit counts are exactly the injected ones. */
export const RARE_WORD = 'zebrafish';
export const COMMON_WORD = 'checkout';

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tu', 'vas', 'po', 'zel', 'qui', 'nor', 'bex', 'sa', 'dri', 'fen', 'gal', 'hu', 'jor', 'wim'];

/** The vocabulary: the common words first (the head of the Zipf curve), then 6,000 made-up ones. */
function vocabulary(): string[] {
  const random = rng(7);
  const tail = new Set<string>();
  while (tail.size < 6000) {
    const n = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < n; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (word !== RARE_WORD && word !== COMMON_WORD && !COMMON.includes(word)) tail.add(word);
  }
  return [...new Set(COMMON), ...tail];
}

const VOCABULARY = vocabulary();
// Cumulative Zipf weights (exponent 1.05) for sampling by binary search.
const CUMULATIVE = (() => {
  const out = new Float64Array(VOCABULARY.length);
  let sum = 0;
  for (let i = 0; i < VOCABULARY.length; i++) {
    sum += 1 / Math.pow(i + 1, 1.05);
    out[i] = sum;
  }
  return out.map((v) => v / sum);
})();

function word(random: () => number): string {
  const r = random();
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (CUMULATIVE[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo]!;
}

/** A feedback text of `min`–`max` words, with the marker words mixed in at the given probabilities. */
export function feedback(random: () => number, min: number, max: number, markers: { rare: number; common: number }): string {
  const count = min + Math.floor(random() * (max - min + 1));
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(word(random));
  if (random() < markers.rare) words.splice(Math.floor(random() * words.length), 0, RARE_WORD);
  if (random() < markers.common) words.splice(Math.floor(random() * words.length), 0, COMMON_WORD);
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}
