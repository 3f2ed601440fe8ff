import type * as z from 'zod';
import { BacklogError, type TrackerHealth } from './backlog-tracker.js';

/**
 * What the adapters share: one `fetch` with a time limit, failures turned into `BacklogError`s by status, the
 * tracker's own words pulled out of its error body, and zod for what a successful answer must hold.
 */

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface TrackerCall {
  /** "GitHub", "Jira", "Linear", "the webhook receiver": the subject of every message. */
  tracker: string;
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** `manual` for webhooks: a signed delivery is not followed to another address. */
  redirect?: RequestRedirect;
}

export interface TrackerAnswer {
  response: Response;
  text: string;
}

/** Sends the request; a network failure, the time limit or the caller's abort become retryable `BacklogError`s. */
export async function send(call: TrackerCall): Promise<TrackerAnswer> {
  if (call.signal?.aborted) {
    throw new BacklogError(`the request to ${call.tracker} was stopped before it started`, { retryable: true, cause: call.signal.reason });
  }
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
  try {
    const response = await fetch(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal,
      redirect: call.redirect ?? 'follow',
    });
    return { response, text: await response.text() };
  } catch (error) {
    if (timeout.aborted) {
      throw new BacklogError(`${call.tracker} did not answer within ${call.timeoutMs / 1000} s`, { retryable: true, cause: error });
    }
    if (call.signal?.aborted) {
      throw new BacklogError(`the request to ${call.tracker} was stopped`, { retryable: true, cause: error });
    }
    const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new BacklogError(`could not reach ${call.tracker} at ${call.url.origin}: ${reason}`, { retryable: true, cause: error });
  }
}

export interface RefusalContext {
  tracker: string;
  /** Said for a 404, naming what was not found, e.g. "GitHub has no repository acme/widgets (or the token cannot see it)". */
  notFound: string;
  /** The tracker's own message from its error body ('' if none). */
  said: string;
}

/** A non-2xx answer as a `BacklogError`, by status. */
export function refusal(response: Response, context: RefusalContext): BacklogError {
  const status = response.status;
  const detail = `HTTP ${status}${context.said ? `: ${context.said}` : ''}`;
  const retryAfterMs = retryAfter(response.headers);
  if (status === 401 || status === 403) {
    // GitHub answers a rate limit with 403 too; it says so with Retry-After or x-ratelimit-remaining: 0.
    if (retryAfterMs !== null || response.headers.get('x-ratelimit-remaining') === '0') {
      return busy(context.tracker, status, detail, retryAfterMs);
    }
    return new BacklogError(`${context.tracker} refused the credentials (${detail})`, { retryable: false, status });
  }
  if (status === 404) return new BacklogError(`${context.notFound} (${detail})`, { retryable: false, status });
  if (status === 400 || status === 422) {
    return new BacklogError(`${context.tracker} rejected the item: ${context.said || `HTTP ${status}`}`, { retryable: false, status });
  }
  if (status === 408 || status === 425 || status === 429 || status >= 500) return busy(context.tracker, status, detail, retryAfterMs);
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location');
    return new BacklogError(`${context.tracker} answered with a redirect${location ? ` to ${location}` : ''}, which is not followed (HTTP ${status})`, { retryable: false, status });
  }
  return new BacklogError(`${context.tracker} refused the request (${detail})`, { retryable: false, status });
}

export function busy(tracker: string, status: number | null, detail: string, retryAfterMs: number | null): BacklogError {
  const wait = retryAfterMs !== null ? `; it asked to wait ${formatWait(retryAfterMs)}` : '';
  return new BacklogError(`${tracker} is rate-limiting or failing, try again later (${detail})${wait}`, { retryable: true, retryAfterMs, status });
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
    throw new BacklogError(`${tracker} answered with something other than JSON: ${excerpt(text) || '(empty)'}`, { retryable: false });
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
