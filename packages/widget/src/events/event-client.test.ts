import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ViewerEvent } from '@reelback/shared';
import { EventClient } from './event-client.js';
import { MAX_QUEUED_EVENTS, queueKey } from './event-queue.js';
import { backoffDelay } from './backoff.js';
import { cloudEvent } from './cloud-event.js';
import { FakeApi, startWorker, UUIDV7 } from '../test-support/fake-api.js';

const ref = { sessionId: '0190a5b0-0000-7000-8000-000000000000', flowId: 'f', flowVersion: 1 };
const viewed = (stepId: string) => cloudEvent('reelback.step.viewed', ref, { stepId });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let api: FakeApi;
let client: EventClient | null = null;

function newClient(options: Partial<ConstructorParameters<typeof EventClient>[0]> = {}): EventClient {
  client = new EventClient({ endpoint: api.endpoint, flushDelayMs: 300, backoff: { baseMs: 50, maxMs: 200 }, ...options });
  return client;
}
const queued = (): ViewerEvent[] => JSON.parse(localStorage.getItem(queueKey(api.endpoint)) ?? '[]');

beforeAll(() => startWorker());
beforeEach(() => {
  localStorage.clear();
  api = new FakeApi().install();
});
afterEach(() => {
  client?.dispose();
  client = null;
  vi.restoreAllMocks();
});

describe('cloudEvent', () => {
  it('makes CloudEvents 1.0 envelopes with time-ordered UUIDv7 ids', () => {
    const events = Array.from({ length: 20 }, (_, i) => viewed(`s${i}`));
    for (const event of events) {
      expect(event).toMatchObject({ specversion: '1.0', type: 'reelback.step.viewed', datacontenttype: 'application/json', data: { ...ref } });
      expect(event.id).toMatch(UUIDV7);
      expect(new Date(event.time).toISOString()).toBe(event.time);
    }
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort());
  });
});

describe('backoffDelay', () => {
  it('doubles with jitter and stays under the cap; Retry-After can ask for longer', () => {
    const options = { baseMs: 1000, maxMs: 30_000 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, options, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3].map((n) => backoffDelay(n, options, () => 0))).toEqual([500, 1000, 2000]);
    expect(backoffDelay(20, options, () => 1)).toBe(30_000);
    expect(backoffDelay(1, options, () => 0, 5000)).toBe(5000);
    expect(backoffDelay(1, options, () => 0, 600_000)).toBe(30_000);
  });
});

describe('EventClient', () => {
  it('batches: waits ~1 s (here 2 s) after the first event, sends at once when 10 are waiting', async () => {
    const c = newClient({ flushDelayMs: 2000 });
    const t0 = performance.now();
    c.send(viewed('a'));
    c.send(viewed('b'));
    c.send(viewed('c'));
    expect(queued()).toHaveLength(3);
    await sleep(300);
    expect(api.batches).toHaveLength(0);
    await expect.poll(() => api.batches.length, { timeout: 5000 }).toBe(1);
    expect(api.batchTimes[0]! - t0).toBeGreaterThanOrEqual(1900);
    expect(api.batches[0]!.map((e) => (e.data as { stepId: string }).stepId)).toEqual(['a', 'b', 'c']);
    await expect.poll(() => queued().length).toBe(0);

    const t1 = performance.now();
    const ten = Array.from({ length: 10 }, (_, i) => viewed(`n${i}`));
    for (const event of ten) c.send(event);
    await expect.poll(() => api.batches.length, { timeout: 1500 }).toBe(2);
    expect(api.batchTimes[1]! - t1).toBeLessThan(1500);
    expect(api.batches[1]).toEqual(ten);
  });

  it('retries network errors, 408, 429 and 5xx with backoff, then delivers once', async () => {
    api.eventFailures.push('network', 503, 429, 408);
    const c = newClient();
    const events = [viewed('a'), viewed('b')];
    events.forEach((e) => c.send(e));
    await expect.poll(() => api.stored.length, { timeout: 5000 }).toBe(2);
    expect(api.batches).toHaveLength(5);
    for (const batch of api.batches) expect(batch).toEqual(events);
    expect(api.stored).toEqual(events);
    await expect.poll(queued).toEqual([]);
  });

  it('keeps what arrives during a retry and sends it along, in order', async () => {
    api.eventFailures.push(500);
    const c = newClient({ backoff: { baseMs: 400, maxMs: 400 } });
    const first = viewed('a');
    c.send(first);
    await expect.poll(() => api.batches.length).toBe(1);
    const second = viewed('b');
    c.send(second);
    await expect.poll(() => api.stored.length, { timeout: 3000 }).toBe(2);
    expect(api.stored).toEqual([first, second]);
  });

  it('drops events the server rejects (422), warns once, and does not retry them', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const bad = viewed('bad');
    api.reject = (event) => (event.id === bad.id ? 'step "bad" is not in this flow version' : null);
    const c = newClient();
    const good = viewed('good');
    c.send(good);
    c.send(bad);
    await expect.poll(() => api.batches.length).toBe(1);
    await expect.poll(() => queued().length).toBe(0);
    expect(api.stored).toEqual([good]);
    const again = viewed('bad');
    api.reject = () => 'nope';
    c.send(again);
    await expect.poll(() => api.batches.length).toBe(2);
    await sleep(500);
    expect(api.batches).toHaveLength(2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain('rejected 1 events');
  });

  it('drops a batch refused with another 4xx for good', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    api.eventFailures.push(400);
    const c = newClient();
    c.send(viewed('a'));
    await expect.poll(() => api.batches.length).toBe(1);
    await expect.poll(() => queued().length).toBe(0);
    await sleep(400);
    expect(api.batches).toHaveLength(1);
  });

  it('resends what an earlier page left in storage as soon as it starts', async () => {
    const left = [viewed('a'), viewed('b')];
    localStorage.setItem(queueKey(api.endpoint), JSON.stringify(left));
    newClient({ flushDelayMs: 5000 });
    await expect.poll(() => api.stored, { timeout: 1000 }).toEqual(left);
    await expect.poll(queued).toEqual([]);
  });

  it('hands the queue to sendBeacon (text/plain) on pagehide and keeps it for the next visit', async () => {
    const beacon = vi.spyOn(navigator, 'sendBeacon').mockReturnValue(true);
    const c = newClient({ flushDelayMs: 60_000 });
    const events = [viewed('a'), viewed('b')];
    events.forEach((e) => c.send(e));
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(beacon).toHaveBeenCalledTimes(1);
    const [url, body] = beacon.mock.calls[0]!;
    expect(url).toBe(`${api.endpoint}/api/v1/events`);
    expect(typeof body).toBe('string'); // a string is sent as text/plain: no CORS preflight
    expect(JSON.parse(body as string)).toEqual({ events });
    expect(queued()).toEqual(events);
    // Hidden again (visibilitychange): nothing new, so no second beacon.
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    expect(beacon).toHaveBeenCalledTimes(1);
    const later = viewed('c');
    c.send(later);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(beacon).toHaveBeenCalledTimes(2);
    expect(JSON.parse(beacon.mock.calls[1]![1] as string)).toEqual({ events: [later] });
    delete (document as { visibilityState?: unknown }).visibilityState;
  });

  it('the beacon really reaches the API as text/plain', async () => {
    const c = newClient({ flushDelayMs: 60_000 });
    const event = viewed('a');
    c.send(event);
    dispatchEvent(new PageTransitionEvent('pagehide'));
    await expect.poll(() => api.stored, { timeout: 3000 }).toEqual([event]);
    expect(api.contentTypes[0]).toMatch(/^text\/plain/);
  });

  it('splits big beacons into batches of at most 100 events', () => {
    const beacon = vi.spyOn(navigator, 'sendBeacon').mockReturnValue(true);
    const c = newClient({ flushDelayMs: 60_000, batchSize: 1000 });
    for (let i = 0; i < 250; i++) c.send(viewed(`s${i}`));
    dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(beacon.mock.calls.map(([, body]) => JSON.parse(body as string).events.length)).toEqual([100, 100, 50]);
  });

  it('keeps at most MAX_QUEUED_EVENTS, dropping the oldest', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const c = newClient({ flushDelayMs: 60_000, batchSize: 10_000 });
    const events = Array.from({ length: MAX_QUEUED_EVENTS + 5 }, (_, i) => viewed(`s${i}`));
    events.forEach((e) => c.send(e));
    expect(queued().map((e) => e.id)).toEqual(events.slice(5).map((e) => e.id));
  });
});
