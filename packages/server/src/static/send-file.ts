import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { decodeComponent } from '../http/decode.js';
import { compressedCopy, isCompressible, pickEncoding } from './compressed.js';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.mp4': 'video/mp4',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.vtt': 'text/vtt; charset=utf-8',
  // WebAssembly.instantiateStreaming (how the dashboard's ffmpeg core loads) insists on this type.
  '.wasm': 'application/wasm',
};

/**
 * Finds `relativePath` (as sent: still percent-encoded; a malformed escape is a 400) inside `root`, or `undefined`. Refuses anything that could leave the folder
 * (`..`, symlinks pointing out), hidden files, `node_modules`, and types not in `allowed`.
 */
export async function findFile(root: string, relativePath: string, allowed: ReadonlySet<string>): Promise<string | undefined> {
  const decoded = decodeComponent(relativePath, 'file', 'path');
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.') || s.includes('\\') || s.includes('\0') || s === 'node_modules')) return undefined;
  if (!allowed.has(extname(decoded).toLowerCase())) return undefined;
  try {
    const realRoot = await realpath(root);
    const real = await realpath(resolve(realRoot, ...segments));
    if (!real.startsWith(realRoot + sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

type ByteRange = { start: number; end: number };

/** One `bytes=` range (what video elements send); `null` = serve it all; `'unsatisfiable'` = 416. */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges or another unit: answering with the whole file is allowed, and simplest.
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

function body(path: string, range?: ByteRange): ReadableStream {
  // Node's web stream type and the DOM lib's are the same object with different declarations.
  return Readable.toWeb(createReadStream(path, range)) as unknown as ReadableStream;
}

export interface SendFileOptions {
  /** Offer text files brotli- or gzip-compressed, by `Accept-Encoding` (see `compressed.ts`). Default: false. */
  compress?: boolean;
}

/** Whether `If-None-Match` (one tag, a list, or `*`) names this representation. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.trim() === '*' || header.split(',').some((tag) => tag.trim() === etag);
}

/**
 * Sends a file with its type, validators and HTTP Range support (so video can seek). With `compress`, a text file goes
 * out brotli- or gzip-encoded when the client accepts it (its own ETag per encoding, `Vary: Accept-Encoding`, whole:
 * a range of a compressed body would be a range of the encoded bytes, which no client of these files asks for).
 */
export async function sendFile(c: Context, path: string, cacheControl = 'no-cache', options: SendFileOptions = {}): Promise<Response> {
  const stats = await stat(path);
  const version = `${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}`;
  const etag = `W/"${version}"`;
  const headers: Record<string, string> = {
    'Content-Type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    'Last-Modified': stats.mtime.toUTCString(),
    ETag: etag,
    'Cache-Control': cacheControl,
    'X-Content-Type-Options': 'nosniff',
  };
  const compressible = options.compress === true && isCompressible(path);
  if (compressible) {
    headers.Vary = 'Accept-Encoding';
    const encoding = pickEncoding(c.req.header('accept-encoding'));
    if (encoding) {
      const encodedTag = `W/"${version}-${encoding}"`;
      const encoded: Record<string, string> = { ...headers, ETag: encodedTag, 'Content-Encoding': encoding };
      delete encoded['Accept-Ranges'];
      if (matches(c.req.header('if-none-match'), encodedTag)) return c.body(null, 304, encoded);
      const bytes = await compressedCopy(path, stats, encoding);
      encoded['Content-Length'] = String(bytes.length);
      return c.req.method === 'HEAD' ? c.body(null, 200, encoded) : c.body(new Uint8Array(bytes), 200, encoded);
    }
  }
  if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);

  const ifRange = c.req.header('if-range');
  const range = ifRange === undefined || ifRange === etag ? parseRange(c.req.header('range'), stats.size) : null;
  if (range === 'unsatisfiable') {
    return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${stats.size}` });
  }
  const head = c.req.method === 'HEAD';
  if (range === null) {
    const full = { ...headers, 'Content-Length': String(stats.size) };
    return head ? c.body(null, 200, full) : c.body(body(path), 200, full);
  }
  const partial = {
    ...headers,
    'Content-Length': String(range.end - range.start + 1),
    'Content-Range': `bytes ${range.start}-${range.end}/${stats.size}`,
  };
  return head ? c.body(null, 206, partial) : c.body(body(path, range), 206, partial);
}
