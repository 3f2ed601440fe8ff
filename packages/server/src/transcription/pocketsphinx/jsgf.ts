/**
 * A JSGF grammar that accepts exactly one of `phrases` per utterance. Phrases are lower-cased and reduced
 * to words (letters, digits, apostrophes), since the CMU dictionary spells words that way; a word missing from
 * the dictionary makes pocketsphinx refuse the grammar, which the transcriber reports.
 */
export function phrasesToJsgf(phrases: readonly string[], name = 'reelback'): string {
  const alternatives = phrases
    .map((phrase) =>
      phrase
        .toLowerCase()
        .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
        .split(/\s+/)
        .filter((word) => word && word !== "'")
        .join(' '),
    )
    .filter(Boolean);
  if (alternatives.length === 0) throw new Error('a grammar needs at least one phrase with a word in it');
  return `#JSGF V1.0;\ngrammar ${name};\npublic <sentence> = ${[...new Set(alternatives)].join(' | ')} ;\n`;
}
