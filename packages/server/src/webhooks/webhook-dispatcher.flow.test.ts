import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { uuidv7 } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../backlog/secret-box.js';
import type { Storage } from '../ports/storage.js';
import { type OpenedStorage, storageFactories } from '../test-support/storages.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from './webhook-settings.js';
import { sealContext } from './webhooks.service.js';

async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000, describe?: () => Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${describe ? `: ${await describe()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A receiver answering 204 to every POST; it counts requests by webhook-id and the most it had open at once. */
async function startReceiver() {
  const byId = new Map<string, number>();
  let open = 0;
  let mostOpen = 0;
  const server: Server = createServer((req, res) => {
    open += 1;
    mostOpen = Math.max(mostOpen, open);
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      byId.set(id, (byId.get(id) ?? 0) + 1);
      // A short pause so that concurrent requests overlap and the limits show.
      setTimeout(() => {
        open -= 1;
        res.writeHead(204).end();
      }, 2);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    byId,
    mostOpen: () => mostOpen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SETTINGS: WebhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS, allowPrivate: true, timeoutMs: 2000, concurrency: 16, perEndpointConcurrency: 4, retryScheduleSeconds: [0.2] };

describe.each(storageFactories)('webhook dispatcher on $name', (factory) => {
  let opened: OpenedStorage;
  let storage: Storage;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const box = new SecretBox(randomBytes(32));
  const dispatchers: WebhookDispatcher[] = [];
  const errors: unknown[] = [];

  beforeAll(async () => {
    opened = await factory.open();
    storage = opened.storage;
    receiver = await startReceiver();
  });
  afterAll(async () => {
    for (const d of dispatchers) await d.stop();
    await receiver?.close();
    await opened?.dispose();
  });

  const dispatcher = (options: { leaseSeconds?: number } = {}) => {
    const d = new WebhookDispatcher({ store: storage.webhooks, box, settings: SETTINGS, logError: (_m, e) => errors.push(e), pollIntervalMs: 50, ...options });
    dispatchers.push(d);
    return d;
  };

  async function endpoint(path: string): Promise<string> {
    const id = `wh_${randomBytes(8).toString('hex')}`;
    const at = new Date().toISOString();
    await storage.webhooks.insertEndpoint({
      id, workspaceId: null, url: `${receiver.url}${path}`, eventTypes: ['*'], description: '', secretSealed: box.seal('whsec_' + randomBytes(24).toString('base64'), sealContext(id)),
      enabled: true, disabledReason: null, disabledAt: null, createdAt: at, updatedAt: at,
    });
    return id;
  }

  /** Deliveries carrying their own body (as test pings do), so no stored event is needed. */
  async function deliveries(endpointId: string, count: number): Promise<string[]> {
    const at = new Date().toISOString();
    const rows = Array.from({ length: count }, () => {
      const eventId = uuidv7();
      return { id: `whd_${uuidv7().replace(/-/g, '')}`, endpointId, eventId, eventType: 'reelback.webhook.test', payload: { id: eventId, n: 1 }, at };
    });
    await storage.webhooks.insertDeliveries(rows);
    return rows.map((r) => r.eventId);
  }

  it('a lease that runs out is claimed again; the dead holder cannot record; a recorded attempt is not sent again', async () => {
    const hook = await endpoint('/lease');
    const [eventId] = await deliveries(hook, 1);
    // A process claims it and dies.
    const now = new Date();
    const [dead] = await storage.webhooks.claimDue({ token: 'dead', limit: 10, now: now.toISOString(), leaseUntil: new Date(now.getTime() + 1500).toISOString(), skipEndpoints: [] });
    expect(dead?.eventId).toBe(eventId);

    const live = dispatcher({ leaseSeconds: 1 });
    live.start();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.byId.get(eventId!), 'sent while another process held the lease').toBeUndefined();
    await until('the delivery taken over and sent', () => receiver.byId.get(eventId!) === 1);
    const log = await until('the attempt recorded', async () => {
      const d = await storage.webhooks.getDeliveryWithAttempts(hook, dead!.id);
      return d?.status === 'delivered' ? d : undefined;
    });
    expect(log.attemptLog.map((a) => a.attempt)).toEqual([1]);

    // The dead process wakes up and writes what it thinks happened: refused.
    const late = await storage.webhooks.recordOutcomes('dead', [
      { deliveryId: dead!.id, attemptsBefore: 0, abandoned: 'late' },
    ]);
    expect([...late]).toEqual([]);
    expect((await storage.webhooks.getDeliveryWithAttempts(hook, dead!.id))!).toMatchObject({ status: 'delivered', lastError: null });

    // A new process finds nothing to send.
    await live.stop();
    const next = dispatcher();
    next.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await until('the new dispatcher idle', () => next.idle);
    expect(receiver.byId.get(eventId!)).toBe(1);
    await next.stop();
  });

  it('deliveries of erased events end unsent, in batches, with the reason', async () => {
    const hook = await endpoint('/erased');
    const at = new Date().toISOString();
    // Deliveries of stored events whose events are gone (a privacy erase): no body to send.
    const rows = Array.from({ length: 450 }, () => ({ id: `whd_${uuidv7().replace(/-/g, '')}`, endpointId: hook, eventId: uuidv7(), eventType: 'reelback.step.viewed', payload: null, at }));
    await storage.webhooks.insertDeliveries(rows);
    const d = dispatcher();
    d.start();
    const log = await until('every delivery ended', async () => {
      const got = await storage.webhooks.listDeliveries(hook, { limit: 1000 });
      return got.length === rows.length && got.every((x) => x.status !== 'pending') ? got : undefined;
    });
    expect(log.every((x) => x.status === 'failed' && x.attemptLog.length === 0 && x.lastError?.includes('erased'))).toBe(true);
    expect(rows.some((r) => receiver.byId.has(r.eventId))).toBe(false);
    await d.stop();
  });

  it('two processes share the queue: every delivery is sent exactly once, within the per-endpoint limit', async () => {
    const hooks = [await endpoint('/a'), await endpoint('/b')];
    const ids = [...(await deliveries(hooks[0]!, 300)), ...(await deliveries(hooks[1]!, 300))];
    const [one, two] = [dispatcher(), dispatcher()];
    one!.start();
    two!.start();
    await until('every delivery sent', () => ids.every((id) => receiver.byId.has(id)), 30_000, async () => `${ids.filter((id) => receiver.byId.has(id)).length}/${ids.length}`);
    await until('every outcome recorded', async () => {
      const logs = await Promise.all(hooks.map((h) => storage.webhooks.listDeliveries(h, { limit: 1000 })));
      return logs.flat().every((d) => d.status === 'delivered' && d.attemptLog.length === 1);
    });
    const twice = ids.filter((id) => receiver.byId.get(id) !== 1);
    expect(twice, 'sent more than once').toEqual([]);
    // Two processes, each within its own limit per endpoint, over two endpoints.
    expect(receiver.mostOpen()).toBeLessThanOrEqual(2 * 2 * SETTINGS.perEndpointConcurrency);
    expect(errors).toEqual([]);
  }, 60_000);
});
