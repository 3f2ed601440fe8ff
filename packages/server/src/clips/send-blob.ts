import { Readable } from 'node:stream';
import type { Context } from 'hono';
import type { BlobStore } from '../ports/blob-store.js';
import type { ClipMediaRecord } from '../ports/clip-store.js';
import { parseRange } from '../static/send-file.js';

/** Sends a stored clip file with its type and HTTP Range support (video elements seek with ranges). */
export async function sendBlob(c: Context, blobs: BlobStore, file: ClipMediaRecord, version: string): Promise<Response> {
  const info = await blobs.stat(file.key);
  if (!info) return c.json({ error: { code: 'media-missing', message: 'This file is no longer stored.' } }, 404);
  const size = info.sizeBytes;
  const etag = `W/"${size.toString(16)}-${Buffer.from(version).toString('base64url')}"`;
  const headers: Record<string, string> = {
    'Content-Type': file.contentType,
    'Accept-Ranges': 'bytes',
    ETag: etag,
    // Viewers' recordings: never in a shared cache.
    'Cache-Control': 'private, no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': 'inline',
  };
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
  const ifRange = c.req.header('if-range');
  const range = ifRange === undefined || ifRange === etag ? parseRange(c.req.header('range'), size) : null;
  if (range === 'unsatisfiable') return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${size}` });
  const head = c.req.method === 'HEAD';
  const stream = (r?: { start: number; end: number }) => Readable.toWeb(blobs.read(file.key, r)) as unknown as ReadableStream;
  if (range === null) {
    const full = { ...headers, 'Content-Length': String(size) };
    return head ? c.body(null, 200, full) : c.body(stream(), 200, full);
  }
  const partial = {
    ...headers,
    'Content-Length': String(range.end - range.start + 1),
    'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
  };
  return head ? c.body(null, 206, partial) : c.body(stream(range), 206, partial);
}
