import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** The encodings the widget's files are offered in, best first. */
export type Encoding = 'br' | 'gzip';

/** Text types worth compressing (media and images are compressed already). */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.map', '.svg', '.html', '.json']);

export const isCompressible = (path: string) => COMPRESSIBLE.has(extname(path).toLowerCase());

/**
 * The encoding to answer with, from `Accept-Encoding` (`br;q=1, gzip;q=0.5`, `*`): brotli when accepted, else gzip,
 * else none. A q of 0 refuses. Ties go to brotli (smaller).
 */
export function pickEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => /^\s*q=(.*)$/.exec(p)?.[1]).find((v) => v !== undefined);
    const value = weight === undefined ? 1 : Number(weight.trim() || 'x');
    if (name) q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weightOf = (name: Encoding) => q.get(name) ?? q.get('*') ?? 0;
  const br = weightOf('br');
  const gz = weightOf('gzip');
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return null;
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** Compressed copies made here, by file version; bounded (oldest dropped first) so a large dist cannot fill memory. */
const cache = new Map<string, Buffer>();
const CACHE_MAX_BYTES = 16 * 1024 * 1024;
let cachedBytes = 0;

function remember(key: string, bytes: Buffer): void {
  cache.set(key, bytes);
  cachedBytes += bytes.length;
  for (const [oldKey, old] of cache) {
    if (cachedBytes <= CACHE_MAX_BYTES) break;
    cache.delete(oldKey);
    cachedBytes -= old.length;
  }
}

/**
 * The file's bytes in `encoding`: the build's precompressed sibling (`x.js.br`, `x.js.gz`) when it is at least as
 * new as the file, else compressed here once per version of the file (size and mtime) and kept in memory, off the
 * event loop (zlib's thread pool). Brotli at its best quality: done once, read many times.
 */
export async function compressedCopy(path: string, stats: Stats, encoding: Encoding): Promise<Buffer> {
  const sibling = `${path}${SUFFIX[encoding]}`;
  const siblingStats = await stat(sibling).catch(() => null);
  if (siblingStats?.isFile() && siblingStats.mtimeMs >= stats.mtimeMs) return readFile(sibling);
  const key = `${path}\0${encoding}\0${stats.size}-${stats.mtimeMs}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const source = await readFile(path);
  const bytes =
    encoding === 'br'
      ? await brotli(source, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } })
      : await gzipAsync(source, { level: constants.Z_BEST_COMPRESSION });
  remember(key, bytes);
  return bytes;
}
