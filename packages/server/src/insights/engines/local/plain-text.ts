/**
 * The copy of an answer the NLP pipeline reads. Viewer text is never interpreted: markup and formulas stay plain
 * text in the answer and in every phrase we return (phrases are slices of the original). For *reading* only, HTML/XML
 * tags and character references are blanked with spaces of the same length, so `<b>pricing page</b>` yields the phrase
 * "pricing page" and not "b", while every offset into this copy is an offset into the original.
 */
const TAG = /<\/?[A-Za-z][^<>]{0,200}>|<!--[\s\S]{0,2000}?-->/g;
const ENTITY = /&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{2,10});/g;

export function readableCopy(text: string): string {
  return text.replace(TAG, blank).replace(ENTITY, blank);
}

function blank(match: string): string {
  return ' '.repeat(match.length);
}
