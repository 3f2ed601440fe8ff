import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Hash } from 'node:crypto';
import { checkModelFile, describeBadMagic, hasGgmlMagic } from './check-model-file.js';
import { createSha1, hashFileInto } from './checksum.js';
import { acquireLock, LockBusyError } from './lock.js';

export type DownloadErrorKind =
  | 'http' // the server refused (404, 5xx…)
  | 'network' // the connection failed or ended early
  | 'stalled' // no bytes for `idleTimeoutMs`
  | 'interrupted' // our caller aborted (Ctrl-C)
  | 'size' // not the length the catalogue or the server announced
  | 'checksum' // SHA-1 differs from the catalogue's
  | 'not-ggml' // the bytes are not a ggml model (an HTML error page, a GGUF file…)
  | 'busy'; // another download of the same file is running

export class DownloadError extends Error {
  constructor(
    message: string,
    readonly kind: DownloadErrorKind,
    /** Whether `<dest>.part` is still there for the next run to resume. */
    readonly partKept: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DownloadError';
  }
}

export type DownloadEvent =
  /** Resuming: hashing the bytes already in the `.part` file. */
  | { type: 'hashing-part'; bytes: number }
  /** The response came; `received` bytes are on disk already (the resume point, or 0). */
  | { type: 'start'; status: number; received: number; total: number | null }
  /** The `.part` could not be continued and was dropped. */
  | { type: 'restart'; reason: string }
  | { type: 'progress'; received: number; total: number | null }
  | { type: 'verifying'; bytes: number };

export interface DownloadRequest {
  url: string;
  /** The final file. Bytes go to `<dest>.part` first, renamed to `dest` once whole and checked. */
  dest: string;
  /** Expected SHA-1 (hex), or `null` when none is published: the length and the ggml magic are checked then. */
  sha1: string | null;
  /** Expected exact length, or `null` to trust the length the server announces. */
  bytes: number | null;
  signal?: AbortSignal;
  /** Give up when no byte arrives for this long (default 60 s); the `.part` is kept. */
  idleTimeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  onEvent?: (event: DownloadEvent) => void;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  sha1: string;
  /** Bytes that were already in the `.part` file and kept (0 for a fresh download). */
  resumedFrom: number;
  checksum: 'matched' | 'unpublished';
}

export const partPathOf = (dest: string) => `${dest}.part`;

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

// `bytes 100-199/1000` gives start 100, total 1000; a 416 answer (`bytes *` slash total) gives start null; an unknown total gives null.
export function parseContentRange(header: string | null): { start: number | null; total: number | null } | null {
  if (!header) return null;
  const match = /^\s*bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)\s*$/i.exec(header);
  if (!match) return null;
  return {
    start: match[1] !== undefined ? Number(match[1]) : null,
    total: match[3] !== undefined && match[3] !== '*' ? Number(match[3]) : null,
  };
}

function contentLength(res: Response): number | null {
  const raw = res.headers.get('content-length');
  return raw !== null && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : null;
}

/** Aborts its signal when `touch()` has not been called for `ms`. */
class IdleTimer {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  fired = false;
  constructor(private readonly ms: number) {
    this.touch();
  }
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.fired = true;
      this.controller.abort(new Error(`no data for ${Math.round(this.ms / 1000)} s`));
    }, this.ms);
    this.timer.unref();
  }
  clear(): void {
    clearTimeout(this.timer);
  }
}

const KEEP_HINT = 'the .part file is kept: run the same command again to resume';

/**
 * Downloads `url` to `dest`, resumably: bytes already in `<dest>.part` are kept and asked for with
 * `Range: bytes=<have>-` (206 continues; a 200 means the server ignored the range, so it restarts from zero; 416
 * means the part may be whole already). The body streams to disk through an incremental SHA-1 (which first reads
 * the kept part), so memory stays constant. A checksum or length mismatch deletes the part; a lost connection, a
 * stall or an abort keeps it. The finished file is fsynced and renamed into place atomically.
 */
export async function downloadModel(request: DownloadRequest): Promise<DownloadResult> {
  const part = partPathOf(request.dest);
  await mkdir(dirname(request.dest), { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await acquireLock(`${part}.lock`);
  } catch (error) {
    if (error instanceof LockBusyError) throw new DownloadError(error.message, 'busy', true, { cause: error });
    throw error;
  }
  try {
    return await download(request, part);
  } finally {
    await release();
  }
}

async function download(request: DownloadRequest, part: string): Promise<DownloadResult> {
  const fetchImpl = request.fetch ?? globalThis.fetch;
  const emit = request.onEvent ?? (() => {});
  const url = request.url;

  let have = await sizeOf(part);
  let hash = createSha1();
  const restart = async (reason: string) => {
    emit({ type: 'restart', reason });
    await rm(part, { force: true });
    have = 0;
    hash = createSha1();
  };

  if (request.bytes !== null && have > request.bytes) {
    await restart(`the .part file (${have} bytes) is longer than the model (${request.bytes} bytes)`);
  }
  if (have > 0) {
    emit({ type: 'hashing-part', bytes: have });
    try {
      await hashFileInto(hash, part, { end: have, ...(request.signal ? { signal: request.signal } : {}) });
    } catch (error) {
      if (request.signal?.aborted) throw new DownloadError(`interrupted; ${KEEP_HINT}`, 'interrupted', true, { cause: error });
      throw error;
    }
  }

  // At most: one ranged request, plus one from zero when the part could not be continued.
  for (let attempt = 0; attempt < 2; attempt++) {
    const idle = new IdleTimer(request.idleTimeoutMs ?? 60_000);
    const signal = request.signal ? AbortSignal.any([request.signal, idle.signal]) : idle.signal;
    const failure = (error: unknown, received: number): DownloadError => {
      if (error instanceof DownloadError) return error;
      const kept = received > 0;
      const tail = kept ? `; ${KEEP_HINT}` : '';
      if (request.signal?.aborted) return new DownloadError(`interrupted after ${received} bytes${tail}`, 'interrupted', kept, { cause: error });
      if (idle.fired) {
        return new DownloadError(`download stalled: no data from ${url} for ${Math.round((request.idleTimeoutMs ?? 60_000) / 1000)} s${tail}`, 'stalled', kept, { cause: error });
      }
      const cause = error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error);
      return new DownloadError(`connection to ${url} failed after ${received} bytes (${cause})${tail}`, 'network', kept, { cause: error });
    };

    try {
      let response: Response;
      try {
        response = await fetchImpl(url, {
          // identity: byte offsets must be those of the file, not of a compressed stream.
          headers: { 'accept-encoding': 'identity', ...(have > 0 ? { range: `bytes=${have}-` } : {}) },
          redirect: 'follow',
          signal,
        });
      } catch (error) {
        throw failure(error, have);
      }

      let total: number | null;
      let append: boolean;
      if (response.status === 416 && have > 0) {
        await response.body?.cancel().catch(() => {});
        const range = parseContentRange(response.headers.get('content-range'));
        const whole =
          range?.total === have ||
          request.bytes === have ||
          (request.sha1 !== null && hash.copy().digest('hex') === request.sha1.toLowerCase());
        if (whole) return await finish(request, part, hash, have, have);
        await restart(`the server cannot continue from byte ${have} (HTTP 416${range?.total != null ? `; the file has ${range.total} bytes` : ''})`);
        continue;
      } else if (response.status === 206) {
        const range = parseContentRange(response.headers.get('content-range'));
        if (range?.start !== have) {
          await response.body?.cancel().catch(() => {});
          await restart(`the server answered the range request from byte ${range?.start ?? '?'} instead of ${have}`);
          continue;
        }
        total = range.total;
        append = true;
      } else if (response.status === 200) {
        if (have > 0) await restart('the server does not support resuming (it answered 200 to a range request)');
        total = contentLength(response);
        append = false;
      } else {
        await response.body?.cancel().catch(() => {});
        const what = response.status === 404 ? 'not found: no such model file there' : response.statusText || 'unexpected answer';
        const tail = have > 0 ? `; ${KEEP_HINT}` : '';
        throw new DownloadError(`${url} answered HTTP ${response.status} (${what})${tail}`, 'http', have > 0);
      }

      if (request.bytes !== null && total !== null && total !== request.bytes) {
        await response.body?.cancel().catch(() => {});
        await rm(part, { force: true });
        throw new DownloadError(
          `${url} has ${total} bytes but the catalogue expects ${request.bytes}: not downloading it`,
          'size',
          false,
        );
      }

      emit({ type: 'start', status: response.status, received: have, total });
      const received = await streamBody(response, part, append, have, total, hash, idle, signal, emit).catch(
        async (error: unknown) => {
          if (error instanceof DownloadError && error.kind === 'not-ggml') await rm(part, { force: true });
          throw failure(error, await sizeOf(part));
        },
      );

      if (total !== null && received < total) {
        throw new DownloadError(`${url} ended after ${received} of ${total} bytes; ${KEEP_HINT}`, 'network', true);
      }
      if (request.bytes !== null && received !== request.bytes) {
        await rm(part, { force: true });
        throw new DownloadError(
          `size mismatch: expected ${request.bytes} bytes, got ${received}; the download was deleted`,
          'size',
          false,
        );
      }
      return await finish(request, part, hash, received, append ? have : 0);
    } finally {
      idle.clear();
    }
  }
  throw new DownloadError(`${url}: could not resume nor restart the download`, 'http', (await sizeOf(part)) > 0);
}

async function streamBody(
  response: Response,
  part: string,
  append: boolean,
  have: number,
  total: number | null,
  hash: Hash,
  idle: IdleTimer,
  signal: AbortSignal,
  emit: (event: DownloadEvent) => void,
): Promise<number> {
  let received = append ? have : 0;
  // A fresh download is checked for the ggml magic as soon as four bytes are in, so an HTML error page served
  // with 200 fails at once instead of after the whole transfer. Written with backpressure: constant memory.
  let head: Buffer | null = received === 0 ? Buffer.alloc(0) : null;
  const out = createWriteStream(part, { flags: append ? 'a' : 'w' });
  const body = response.body
    ? Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>, { signal })
    : Readable.from([]);
  let failure: unknown = null;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      idle.touch();
      if (total !== null && received + chunk.length > total) {
        throw new DownloadError(`the server sent more than the ${total} bytes it announced`, 'size', true);
      }
      if (head !== null) {
        head = Buffer.concat([head, chunk.subarray(0, 4 - head.length)]);
        if (head.length >= 4) {
          if (!hasGgmlMagic(head)) {
            throw new DownloadError(`the download ${describeBadMagic(head)}; nothing was kept`, 'not-ggml', false);
          }
          head = null;
        }
      }
      hash.update(chunk);
      received += chunk.length;
      emit({ type: 'progress', received, total });
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } catch (error) {
    failure = error;
    body.destroy();
  }
  // Flush what did arrive even when the connection broke: every byte on disk is a byte the next run keeps.
  await new Promise<void>((resolve, reject) => {
    out.end((error?: Error | null) => (error ? reject(error) : resolve()));
  }).catch((error: unknown) => {
    failure ??= error;
  });
  if (failure !== null) throw failure;
  return received;
}

async function finish(
  request: DownloadRequest,
  part: string,
  hash: Hash,
  bytes: number,
  resumedFrom: number,
): Promise<DownloadResult> {
  request.onEvent?.({ type: 'verifying', bytes });
  const actual = hash.digest('hex');
  const expected = request.sha1?.toLowerCase() ?? null;
  if (expected !== null && actual !== expected) {
    await rm(part, { force: true });
    throw new DownloadError(
      `checksum mismatch: expected SHA-1 ${expected}, got ${actual}; the download was deleted`,
      'checksum',
      false,
    );
  }
  const check = await checkModelFile(part);
  if (!check.ok) {
    await rm(part, { force: true });
    throw new DownloadError(`${check.reason}; the download was deleted`, 'not-ggml', false);
  }
  const handle = await open(part, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(part, request.dest);
  await syncDir(dirname(request.dest));
  return { path: request.dest, bytes, sha1: actual, resumedFrom, checksum: expected !== null ? 'matched' : 'unpublished' };
}

/** Makes the rename durable; best effort (not every platform can fsync a directory). */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // ignored
  }
}
