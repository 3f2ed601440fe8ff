import type { EventBatchResponse, ViewerEvent } from '@reelback/shared';

/** The API's own batch limit (MAX_EVENTS_PER_BATCH in @reelback/shared). */
export const MAX_EVENTS_PER_REQUEST = 100;
/** Browsers refuse keepalive/beacon bodies over 64 KiB in flight; stay under it. */
export const MAX_KEEPALIVE_BYTES = 60_000;

export type SendOutcome =
  /** The server saw every event (202, or 422 where some were refused for good). */
  | { kind: 'done'; rejected: EventBatchResponse['rejected'] }
  /** Worth trying again later: network error, 408, 429, 5xx. */
  | { kind: 'retry'; status?: number; retryAfterMs?: number }
  /** Never going to work (other 4xx): drop the batch. */
  | { kind: 'drop'; status: number; message: string };

export const eventsUrl = (endpoint: string) => `${endpoint}/api/v1/events`;

/** Posts one batch and says what became of it. Never throws. */
export async function postEvents(endpoint: string, events: ViewerEvent[], fetchImpl: typeof fetch = fetch): Promise<SendOutcome> {
  const body = JSON.stringify({ events });
  let response: Response;
  try {
    response = await fetchImpl(eventsUrl(endpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      // Lets a batch finish when the page goes away; only allowed for small bodies.
      keepalive: body.length < MAX_KEEPALIVE_BYTES,
      credentials: 'omit',
    });
  } catch {
    return { kind: 'retry' };
  }
  const { status } = response;
  if (status === 202 || status === 200 || status === 422) {
    const parsed = await response.json().catch(() => null) as Partial<EventBatchResponse> & { error?: { message?: string } } | null;
    if (status === 422 && !Array.isArray(parsed?.rejected)) {
      return { kind: 'drop', status, message: parsed?.error?.message ?? 'the batch was refused' };
    }
    return { kind: 'done', rejected: parsed?.rejected ?? [] };
  }
  if (status === 408 || status === 429 || status >= 500) {
    const seconds = Number(response.headers.get('retry-after'));
    return { kind: 'retry', status, ...(seconds > 0 ? { retryAfterMs: seconds * 1000 } : {}) };
  }
  const parsed = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return { kind: 'drop', status, message: parsed?.error?.message ?? `HTTP ${status}` };
}

/**
 * Hands the events to `navigator.sendBeacon` (the page is going away), as `text/plain` so a
 * cross-origin beacon needs no preflight. Splits into bodies the browser accepts.
 * Returns false when the browser refused some part (the events stay queued for the next visit).
 */
export function beaconEvents(endpoint: string, events: ViewerEvent[]): boolean {
  if (typeof navigator.sendBeacon !== 'function') return false;
  let ok = true;
  let batch: ViewerEvent[] = [];
  let bytes = 12;
  const send = () => {
    if (batch.length) ok = navigator.sendBeacon(eventsUrl(endpoint), JSON.stringify({ events: batch })) && ok;
    batch = [];
    bytes = 12;
  };
  for (const event of events) {
    const size = JSON.stringify(event).length + 1;
    if (batch.length && (batch.length >= MAX_EVENTS_PER_REQUEST || bytes + size > MAX_KEEPALIVE_BYTES)) send();
    batch.push(event);
    bytes += size;
  }
  send();
  return ok;
}
