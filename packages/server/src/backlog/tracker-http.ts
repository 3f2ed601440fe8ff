import type * as z from 'zod';
import type { OutboundClient } from '../outbound/outbound-client.js';
import { OutboundError } from '../outbound/outbound-error.js';
import { BacklogError, type TrackerHealth } from './backlog-tracker.js';

/**
 * What the adapters share: one request through the outbound client (addresses checked at connect time, no
 * redirects, a time limit, a size cap), failures turned into `BacklogError`s by status, and zod for what a
 * successful answer must hold. Nothing the tracker sent goes into a message: the tracker URL is an admin's setting,
 * and a message echoing the answer would read out whatever internal service the URL was pointed at. The tracker's
 * own words (its error body) travel as `BacklogError.detail`, for the server log only.
 */

export const DEFAULT_TIMEOUT_MS = 15_000;
/** Trackers answer a few KB; a larger answer is not a tracker's. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

export interface TrackerCall {
  /** "GitHub", "Jira", "Linear", "the webhook receiver": the subject of every message. */
  tracker: string;
  client: OutboundClient;
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface TrackerAnswer {
  response: { status: number; ok: boolean; headers: Headers };
  text: string;
}

/** Sends the request; a refused address, no answer, the time limit or the caller's abort become `BacklogError`s. */
export async function send(call: TrackerCall): Promise<TrackerAnswer> {
  try {
    const answer = await call.client.fetch(call.url, {
      method: call.method,
      headers: call.headers,
      ...(call.body !== undefined ? { body: call.body } : {}),
      timeoutMs: call.timeoutMs,
      maxBytes: MAX_ANSWER_BYTES,
      ...(call.signal ? { signal: call.signal } : {}),
    });
    return { response: { status: answer.status, ok: answer.ok, headers: answer.headers }, text: answer.text };
  } catch (error) {
    if (error instanceof OutboundError) {
      throw new BacklogError(`${call.tracker}: ${error.message}`, { retryable: error.retryable, cause: error });
    }
    throw new BacklogError(`the request to ${call.tracker} failed`, { retryable: true, cause: error });
  }
}

export interface RefusalContext {
  tracker: string;
  /** Said for a 404, naming what was not found, e.g. "GitHub has no repository acme/widgets (or the token cannot see it)". */
  notFound: string;
  /** The tracker's own message from its error body ('' if none): for the server log, never for the message. */
  said: string;
}

/** A non-2xx answer as a `BacklogError`, by status. */
export function refusal(response: { status: number; headers: Headers }, context: RefusalContext): BacklogError {
  const status = response.status;
  const detail = `HTTP ${status}`;
  const said = context.said || null;
  const retryAfterMs = retryAfter(response.headers);
  if (status === 401 || status === 403) {
    // GitHub answers a rate limit with 403 too; it says so with Retry-After or x-ratelimit-remaining: 0.
    if (retryAfterMs !== null || response.headers.get('x-ratelimit-remaining') === '0') {
      return busy(context.tracker, status, retryAfterMs, said);
    }
    return new BacklogError(`${context.tracker} refused the credentials (${detail})`, { retryable: false, status, detail: said });
  }
  if (status === 404) return new BacklogError(`${context.notFound} (${detail})`, { retryable: false, status, detail: said });
  if (status === 400 || status === 422) {
    return new BacklogError(`${context.tracker} rejected the item (${detail}; the server log has its words)`, { retryable: false, status, detail: said });
  }
  if (status === 408 || status === 425 || status === 429 || status >= 500) return busy(context.tracker, status, retryAfterMs, said);
  if (status >= 300 && status < 400) {
    return new BacklogError(`${context.tracker} answered with a redirect, which is not followed (${detail})`, { retryable: false, status, detail: said });
  }
  return new BacklogError(`${context.tracker} refused the request (${detail})`, { retryable: false, status, detail: said });
}

export function busy(tracker: string, status: number | null, retryAfterMs: number | null, said: string | null = null): BacklogError {
  const wait = retryAfterMs !== null ? `; it asked to wait ${formatWait(retryAfterMs)}` : '';
  const detail = status === null ? '' : ` (HTTP ${status})`;
  return new BacklogError(`${tracker} is rate-limiting or failing, try again later${detail}${wait}`, { retryable: true, retryAfterMs, status, detail: said });
}

/**
 * How long to wait, in ms: `Retry-After` (seconds or an HTTP date), else a rate-limit reset time the tracker sent
 * (`x-ratelimit-reset`, epoch seconds, GitHub; `x-ratelimit-requests-reset`, epoch ms, Linear) when it says the
 * limit is used up. Null when it said nothing usable.
 */
export function retryAfter(headers: Headers, now = Date.now()): number | null {
  const value = headers.get('retry-after')?.trim();
  if (value) {
    if (/^\d+$/.test(value)) return Number(value) * 1000;
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const githubReset = headers.get('x-ratelimit-reset')?.trim();
  if (githubReset && /^\d+$/.test(githubReset) && headers.get('x-ratelimit-remaining') === '0') {
    return Math.max(0, Number(githubReset) * 1000 - now);
  }
  const linearReset = headers.get('x-ratelimit-requests-reset')?.trim();
  if (linearReset && /^\d+$/.test(linearReset) && headers.get('x-ratelimit-requests-remaining') === '0') {
    return Math.max(0, Number(linearReset) - now);
  }
  return null;
}

function formatWait(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.ceil(ms / 1000)} s`;
}

/** JSON, or undefined when the text is not JSON. */
export function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A successful answer read with `schema`; anything else is a non-retryable error (the item may exist: no retry). */
export function parseAnswer<T>(tracker: string, text: string, schema: z.ZodType<T>): T {
  const body = jsonOf(text);
  if (body === undefined) {
    throw new BacklogError(`${tracker} answered with something other than JSON`, { retryable: false, detail: excerpt(text) || '(empty)' });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BacklogError(
      `${tracker} answered in a form Reelback cannot read (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unknown shape'})`,
      { retryable: false, cause: parsed.error },
    );
  }
  return parsed.data;
}

/** A common error body's message: `{error:{message}}`, `{error}`, `{message}`, `{detail}`, else the text itself. */
export function genericMessage(text: string): string {
  const body = jsonOf(text);
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const error = record.error;
    const candidates = [
      typeof error === 'object' && error !== null ? (error as Record<string, unknown>).message : error,
      record.message,
      record.detail,
    ];
    const found = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
    if (found) return excerpt(found);
  }
  return excerpt(text);
}

export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** An item URL from a tracker: only http(s) is accepted, because the dashboard renders it as a link. */
export function httpUrl(value: string, base?: string): URL | null {
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** `check()` never throws: a `BacklogError` becomes the reason. */
export async function healthOf(probe: () => Promise<TrackerHealth>): Promise<TrackerHealth> {
  try {
    return await probe();
  } catch (error) {
    if (error instanceof BacklogError) return { ok: false, reason: error.message, retryable: error.retryable };
    return { ok: false, reason: error instanceof Error ? error.message : String(error), retryable: true };
  }
}

/** `new URL(path, base)` that keeps a base URL's own path (`https://host/jira` + `rest/api/3/issue`). */
export function under(base: string, path: string): URL {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  url.search = '';
  url.hash = '';
  return url;
}
