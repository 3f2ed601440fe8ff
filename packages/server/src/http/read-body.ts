import type { Context } from 'hono';
import type * as z from 'zod';
import { HttpError, issuesFromZod, summarizeIssues } from './api-error.js';

const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase();

/** JSON, and `+json` types such as `application/cloudevents-batch+json`. */
const isJson = (type: string) => type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);

/**
 * Reads a JSON body and checks it against `schema`. `alsoAccept` lists further media types whose body is
 * parsed as JSON all the same (sendBeacon can only send `text/plain` without a CORS preflight).
 */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S, alsoAccept: readonly string[] = []): Promise<z.output<S>> {
  const type = mediaType(c.req.header('content-type'));
  if (!isJson(type) && !alsoAccept.includes(type)) {
    const accepted = ['application/json', ...alsoAccept].join(' or ');
    throw new HttpError(415, 'unsupported-media-type', `send the body as ${accepted}, not ${type || 'no Content-Type'}`);
  }
  const text = await c.req.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : 'unreadable';
    throw new HttpError(400, 'invalid-json', `the body is not valid JSON: ${detail}`);
  }
  return parseOrThrow(schema, json, 'body');
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string, prefix: (string | number)[] = []): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = issuesFromZod(parsed.error).map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }));
  throw new HttpError(400, 'invalid-request', summarizeIssues(what, issues), issues);
}
