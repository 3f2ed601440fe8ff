import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type * as z from 'zod';
import { issuesFromZod, summarizeIssues } from '../errors/issues.js';
import { HttpError } from './api-error.js';

const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase();

/** JSON, and `+json` types such as `application/cloudevents-batch+json`. */
const isJson = (type: string) => type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);

/**
 * Reads a JSON body and checks it against `schema`. `alsoAccept` lists further media types whose body is
 * parsed as JSON all the same (sendBeacon can only send `text/plain` without a CORS preflight).
 */
export async function readJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  maxBytes: number,
  alsoAccept: readonly string[] = [],
): Promise<z.output<S>> {
  const type = mediaType(c.req.header('content-type'));
  if (!isJson(type) && !alsoAccept.includes(type)) {
    const accepted = ['application/json', ...alsoAccept].join(' or ');
    throw new HttpError(415, 'unsupported-media-type', `send the body as ${accepted}, not ${type || 'no Content-Type'}`);
  }
  const text = await readText(c, maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : 'unreadable';
    throw new HttpError(400, 'invalid-json', `the body is not valid JSON: ${detail}`);
  }
  // PostgreSQL refuses NUL in text (a 500 from deep in a query): no field takes it. Looked for only when the text
  // has the escape, so the event endpoint pays one substring search.
  const nul = text.includes('\\u0000') ? nulAt(json, []) : undefined;
  if (nul) {
    const where = nul.length > 0 ? nul.join('.') : 'body';
    throw new HttpError(400, 'invalid-json', `${where}: contains a NUL character (\\u0000), which no field takes`, [
      { path: nul, message: 'contains a NUL character (\\u0000)' },
    ]);
  }
  return parseOrThrow(schema, json, 'body');
}

/** The path of the first string or key holding a NUL, if any. */
function nulAt(value: unknown, path: (string | number)[]): (string | number)[] | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulAt(item, [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = key.includes('\0') ? [...path, key] : nulAt(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string, prefix: (string | number)[] = []): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = issuesFromZod(parsed.error).map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }));
  throw new HttpError(400, 'invalid-request', summarizeIssues(what, issues), issues);
}

const tooLarge = (maxBytes: number) => new HttpError(413, 'payload-too-large', `the body is larger than ${maxBytes} bytes`);

/** The body as text, refusing more than `maxBytes` whether or not a Content-Length says so. */
async function readText(c: Context, maxBytes: number): Promise<string> {
  const declared = Number(c.req.header('content-length'));
  if (declared > maxBytes) throw tooLarge(maxBytes);
  // Under @hono/node-server, reading Node's own stream skips building a WHATWG Request and body stream for
  // every request: on the event endpoint that was a larger cost than validating the events.
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  // (Node's WHATWG streams are async-iterable; the DOM typings do not say so.)
  const source = (incoming?.readable ? incoming : c.req.raw.body) as AsyncIterable<Uint8Array> | null;
  if (!source) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
