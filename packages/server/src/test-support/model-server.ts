// Test support (not a test file): a local HTTP server that serves model files the way Hugging Face does, with
// HTTP Range, plus switchable misbehaviour (cut the connection, stall, ignore Range, serve HTML).
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GGML_MAGIC } from '../transcription/models/check-model-file.js';
import type { CatalogueEntry } from '../transcription/models/catalogue.js';

/** `bytes` of ggml magic followed by random bytes: looks like a model to every check we make. */
export function makeFakeModel(bytes: number): Buffer {
  const data = randomBytes(bytes);
  data.writeUInt32LE(GGML_MAGIC, 0);
  return data;
}

export const sha1Of = (data: Buffer) => createHash('sha1').update(data).digest('hex');

export function fakeEntry(name: string, data: Buffer, overrides: Partial<CatalogueEntry> = {}): CatalogueEntry {
  return {
    name,
    bytes: data.length,
    approxBytes: data.length,
    sizeEstimated: false,
    sha1: sha1Of(data),
    multilingual: true,
    quantisation: null,
    ...overrides,
  };
}

export interface ServedRequest {
  path: string;
  range: string | undefined;
  status: number;
}

export interface ModelServerBehaviour {
  /** Answer 200 with the whole file even to a Range request. */
  ignoreRange?: boolean;
  /** On the next response only: send this many body bytes, then destroy the socket. */
  cutAfterOnce?: number;
  /** On the next response only: send this many body bytes, then send nothing more (keep the socket open). */
  stallAfterOnce?: number;
  /** Send the body in chunks of this size with a pause between them (slow link). */
  chunkBytes?: number;
  chunkDelayMs?: number;
}

export interface ModelServer {
  url: string;
  files: Map<string, Buffer | string>;
  requests: ServedRequest[];
  behaviour: ModelServerBehaviour;
  close(): Promise<void>;
}

export async function startModelServer(files: Record<string, Buffer | string> = {}): Promise<ModelServer> {
  const state: ModelServer = {
    url: '',
    files: new Map(Object.entries(files)),
    requests: [],
    behaviour: {},
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const range = req.headers.range;
    if (path.startsWith('/redirect/')) {
      // Hugging Face answers /resolve/… with a redirect to its CDN: the Range header must survive it.
      state.requests.push({ path, range, status: 302 });
      res.writeHead(302, { location: path.slice('/redirect'.length) }).end();
      return;
    }
    const body = state.files.get(path);
    const record = (status: number) => state.requests.push({ path, range, status });
    if (body === undefined) {
      record(404);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
      return;
    }
    if (typeof body === 'string') {
      record(200);
      res.writeHead(200, { 'content-type': 'text/html' }).end(body);
      return;
    }
    const b = state.behaviour;
    let start = 0;
    const match = range && !b.ignoreRange ? /^bytes=(\d+)-$/.exec(range) : null;
    if (match) {
      start = Number(match[1]);
      if (start >= body.length) {
        record(416);
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      record(206);
      res.writeHead(206, {
        'content-type': 'application/octet-stream',
        'content-length': body.length - start,
        'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
        'accept-ranges': 'bytes',
      });
    } else {
      record(200);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length, 'accept-ranges': 'bytes' });
    }
    const rest = body.subarray(start);
    const cut = b.cutAfterOnce;
    const stall = b.stallAfterOnce;
    delete b.cutAfterOnce;
    delete b.stallAfterOnce;
    if (cut !== undefined) {
      res.write(rest.subarray(0, cut), () => res.socket?.destroy());
      return;
    }
    if (stall !== undefined) {
      res.write(rest.subarray(0, stall)); // …and nothing more; the client's idle timer or abort ends it
      return;
    }
    if (b.chunkBytes) {
      const size = b.chunkBytes;
      let offset = 0;
      const next = () => {
        if (res.destroyed) return;
        if (offset >= rest.length) {
          res.end();
          return;
        }
        res.write(rest.subarray(offset, offset + size));
        offset += size;
        setTimeout(next, b.chunkDelayMs ?? 10);
      };
      next();
      return;
    }
    res.end(rest);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** An in-memory stdout/stderr for `runModelsCommand`. */
export function captureOutput(isTTY = false) {
  let text = '';
  return {
    isTTY,
    write(chunk: string) {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
}
