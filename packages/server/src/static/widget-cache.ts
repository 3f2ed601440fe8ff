/**
 * How long browsers keep the widget's files. Chunks are named by their content (`chunks/name-HASH.js`, esbuild's
 * eight base32 characters): a new build makes new names, so a chunk is kept for a year and never asked about again.
 * The entry URLs host pages write into their HTML (`embed.js`, `reelback-flow.js`, `reelback-bubble.js`) keep their
 * names across builds: a short cache, then a revalidation (a 304 by ETag), so a deploy reaches viewers within minutes.
 * Anything else (source maps, a file a build left behind) is revalidated every time.
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const ENTRY = 'public, max-age=300, must-revalidate';

const HASHED_CHUNK = /^chunks\/[^/]+-[A-Z0-9]{8}\.m?js$/;
const ENTRIES = new Set(['embed.js', 'reelback-flow.js', 'reelback-bubble.js']);

/** `relative`: the path below the widget's dist folder, decoded (`chunks/chunk-4VBEK2R7.js`, `embed.js`). */
export function widgetCacheControl(relative: string): string {
  if (HASHED_CHUNK.test(relative)) return IMMUTABLE;
  if (ENTRIES.has(relative)) return ENTRY;
  return 'no-cache';
}
