import type { PublishedFlow, StartSessionRequest, StartSessionResponse } from '@reelback/shared';
import { backoffDelay, type BackoffOptions, DEFAULT_BACKOFF } from '../events/backoff.js';

export type ApiProblemKind = 'not-found' | 'network' | 'server' | 'invalid';

/**
 * Why the API could not give what was asked. The player says it in the viewer's language from `kind`; `message` is
 * for developers (the console, the server's own words).
 */
export class ApiProblem extends Error {
  constructor(
    readonly kind: ApiProblemKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiProblem';
  }
}

async function request(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { credentials: 'omit', ...init });
  } catch {
    throw new ApiProblem('network', 'network error');
  }
}

async function errorMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `HTTP ${response.status}`;
}

/** `GET /api/v1/flows/:flowId/published` */
export async function fetchPublishedFlow(endpoint: string, flowId: string): Promise<PublishedFlow> {
  const response = await request(`${endpoint}/api/v1/flows/${encodeURIComponent(flowId)}/published`, {
    headers: { accept: 'application/json' },
  });
  if (response.status === 404) throw new ApiProblem('not-found', 'flow not found', 404);
  if (!response.ok) throw new ApiProblem('server', await errorMessage(response), response.status);
  const flow = (await response.json().catch(() => null)) as PublishedFlow | null;
  if (!flow || typeof flow.version !== 'number' || !Array.isArray(flow.definition?.steps) || !flow.definition.steps.length) {
    throw new ApiProblem('invalid', 'unreadable flow');
  }
  return flow;
}

const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

/** A 429's wait as the server asked (Retry-After in seconds), if it said. */
function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return seconds > 0 ? seconds * 1000 : undefined;
}

export interface StartSessionOptions {
  /** Tries for failures other than 429 (network, 408, 5xx). */
  attempts?: number;
  random?: () => number;
  backoff?: BackoffOptions;
  /**
   * How long 429s ("too many sessions from this address": a busy NAT) are waited out, each wait as long as the
   * server's Retry-After (at most a minute). They do not count as attempts: nothing is wrong but the rate, and
   * the viewer has done nothing yet, so there are no events to lose while the player shows it is loading.
   */
  patienceMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A 429 waits as long as the server asks, up to a minute. */
const RATE_LIMITED_BACKOFF: BackoffOptions = { baseMs: DEFAULT_BACKOFF.baseMs, maxMs: 60_000 };

/**
 * `POST /api/v1/sessions`. The client-made sessionId makes retries safe, so passing failures are
 * retried a few times with backoff before giving up, and 429s are waited out (see `patienceMs`).
 */
export async function startSession(
  endpoint: string,
  body: StartSessionRequest,
  { attempts = 4, random = Math.random, backoff = DEFAULT_BACKOFF, patienceMs = 5 * 60_000, now = Date.now, sleep = sleepFor }: StartSessionOptions = {},
): Promise<StartSessionResponse> {
  const began = now();
  let failures = 0;
  let limited = 0;
  for (;;) {
    let problem: ApiProblem;
    let wait: number | undefined;
    try {
      const response = await request(`${endpoint}/api/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.ok) return (await response.json()) as StartSessionResponse;
      wait = retryAfterMs(response);
      problem = new ApiProblem(
        response.status === 404 ? 'not-found' : 'server',
        response.status === 404 ? 'flow not found' : await errorMessage(response),
        response.status,
      );
      if (!retryable(response.status)) throw problem;
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.kind !== 'network') throw error;
      problem = error;
    }
    let delay: number;
    if (problem.status === 429) {
      delay = backoffDelay(++limited, RATE_LIMITED_BACKOFF, random, wait);
      if (now() + delay - began > patienceMs) throw problem;
    } else {
      if (++failures >= attempts) throw problem;
      delay = backoffDelay(failures, backoff, random, wait);
    }
    await sleep(delay);
  }
}
