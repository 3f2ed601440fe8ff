import type { ViewerEvent } from '@reelback/shared';
import { browserStore, type KeyValueStore } from '../util/storage.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { EventQueue, queueKey } from './event-queue.js';
import { beaconEvents, MAX_EVENTS_PER_REQUEST, postEvents } from './transport.js';

export interface EventClientOptions {
  /** The API origin (and path prefix, if any), without a trailing slash. */
  endpoint: string;
  store?: KeyValueStore;
  /** Send this long after the first unsent event… */
  flushDelayMs?: number;
  /** …or as soon as this many are waiting. */
  batchSize?: number;
  backoff?: BackoffOptions;
  random?: () => number;
  fetch?: typeof fetch;
}

/**
 * Delivers viewer events to one endpoint: batches them, retries what failed for a passing reason with
 * backoff, drops what the server refused for good, and hands whatever is left to `sendBeacon` when the
 * page is hidden or goes away. The queue lives in storage, so the next page load resends anything
 * undelivered; the server ignores ids it already has, which makes every resend safe.
 */
export class EventClient {
  readonly endpoint: string;
  readonly queue: EventQueue;
  private readonly flushDelayMs: number;
  private readonly batchSize: number;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private readonly fetchImpl: typeof fetch;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | null = null;
  private attempt = 0;
  private warned = false;
  private disposed = false;
  private readonly beaconed = new Set<string>();

  constructor(options: EventClientOptions) {
    this.endpoint = options.endpoint;
    this.queue = new EventQueue(options.store ?? browserStore(), queueKey(options.endpoint));
    this.flushDelayMs = options.flushDelayMs ?? 1000;
    this.batchSize = options.batchSize ?? 10;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.random = options.random ?? Math.random;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    addEventListener('pagehide', this.onHide);
    addEventListener('online', this.onOnline);
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    // Whatever an earlier page left undelivered goes first.
    if (this.queue.size) this.schedule(0);
  }

  /** Queues one event (persisted at once) and schedules its delivery. */
  send(event: ViewerEvent): void {
    const dropped = this.queue.add([event]);
    if (dropped) this.warnOnce(`the offline queue is full: dropped the ${dropped} oldest events`);
    if (this.retryTimer !== undefined) return; // the retry will take it along
    this.schedule(this.queue.size >= this.batchSize ? 0 : this.flushDelayMs);
  }

  /** Sends everything queued now, one request at a time, in order. */
  flush(): Promise<void> {
    this.inFlight ??= this.drain().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  /** Stops timers and listeners (the queue stays in storage). */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
    this.timer = this.retryTimer = undefined;
    removeEventListener('pagehide', this.onHide);
    removeEventListener('online', this.onOnline);
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
  }

  private schedule(delay: number): void {
    if (this.disposed) return;
    if (this.timer !== undefined) {
      if (delay > 0) return; // the earlier timer already covers it
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
  }

  private async drain(): Promise<void> {
    for (;;) {
      const batch = this.queue.all().slice(0, MAX_EVENTS_PER_REQUEST);
      if (!batch.length || this.disposed) return;
      const outcome = await postEvents(this.endpoint, batch, this.fetchImpl);
      if (outcome.kind === 'retry') {
        if (this.disposed) return;
        this.attempt += 1;
        const delay = backoffDelay(this.attempt, this.backoff, this.random, outcome.retryAfterMs);
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          void this.flush();
        }, delay);
        return;
      }
      this.attempt = 0;
      this.queue.remove(batch.map((e) => e.id));
      if (outcome.kind === 'drop') {
        this.warnOnce(`the server refused ${batch.length} events for good (HTTP ${outcome.status}: ${outcome.message}); they were dropped`);
      } else if (outcome.rejected.length) {
        const reasons = outcome.rejected.map((r) => `${r.id}: ${r.reason}`).join('; ');
        this.warnOnce(`the server rejected ${outcome.rejected.length} events; they were dropped (${reasons})`);
      }
      const left = this.queue.size;
      if (left && left < this.batchSize) {
        this.schedule(this.flushDelayMs);
        return;
      }
    }
  }

  private warnOnce(message: string): void {
    if (this.warned) return;
    this.warned = true;
    console.warn(`[reelback] ${message}`);
  }

  private readonly onHide = (): void => {
    const events = this.queue.all().filter((e) => !this.beaconed.has(e.id));
    if (!events.length) return;
    // The events stay queued: if the beacon never arrives, the next visit resends them.
    if (beaconEvents(this.endpoint, events)) for (const e of events) this.beaconed.add(e.id);
  };

  private readonly onVisibilityChange = (): void => {
    if (document.visibilityState === 'hidden') this.onHide();
  };

  private readonly onOnline = (): void => {
    if (this.retryTimer === undefined) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    void this.flush();
  };
}

const clients = new Map<string, EventClient>();

/** One client per endpoint per page, shared by every element that talks to it. */
export function eventClientFor(endpoint: string): EventClient {
  let client = clients.get(endpoint);
  if (!client) clients.set(endpoint, (client = new EventClient({ endpoint })));
  return client;
}

/** For tests: forget the shared clients (their queues stay in storage). */
export function resetEventClients(): void {
  for (const client of clients.values()) client.dispose();
  clients.clear();
}
