import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { uuidv7, type WebhookDelivery, type WebhookDeliveryList, type WebhookWithSecret } from '@reelback/shared';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsFor } from '../test-support/fixtures.js';
import { type Login, ownerSessions } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

/** What the receiver got: one entry per request. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/**
 * A receiver on 127.0.0.1. Paths: `/ok` answers 204; `/flaky/<n>` answers 500 to the first n requests for each
 * webhook-id, then 200; `/down` always 500; `/gone` 410.
 */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const id = String(req.headers['webhook-id']);
      const count = (seen.get(`${path} ${id}`) ?? 0) + 1;
      seen.set(`${path} ${id}`, count);
      const flaky = /^\/flaky\/(\d+)$/.exec(path);
      const status = path === '/ok' ? 204 : flaky ? (count <= Number(flaky[1]) ? 500 : 200) : path === '/gone' ? 410 : 500;
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status).end(status === 500 ? 'try later' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const flow = {
  name: 'Hooks',
  steps: [
    { id: 'start', prompt: { title: 'Pick' }, answer: { type: 'choice', options: [{ id: 'a', label: 'A', next: 'end' }] } },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

/** Short waits so a test sees every retry: three retries of 0.3 s, then the endpoint is disabled. */
const RETRIES = [0.3, 0.3, 0.3];

describe.each(storageFactories)('webhooks on $name', (factory) => {
  const t = useTestApp(factory, { webhooks: { retryScheduleSeconds: RETRIES, allowPrivate: true, timeoutMs: 2000 } });
  const s = ownerSessions(t);
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: Login;
  let manager: Login;
  let flowId: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    await t.media.media.queue.start();
    t.reelback.webhookDispatcher.start();
    admin = await s.bootstrap(`hooks-${factory.name}@example.org`);
    manager = await s.join(admin, `hooks-manager-${factory.name}@example.org`, 'manager');
    flowId = uniqueFlowId('hooks');
    await s.expectStatus(s.as(admin, 'POST', '/api/v1/flows', { id: flowId, definition: flow }), 201);
    await s.expectStatus(s.as(admin, 'POST', `/api/v1/flows/${flowId}/versions`), 201);
  });
  afterAll(async () => receiver?.close());

  async function createHook(path: string, eventTypes: string[]): Promise<WebhookWithSecret> {
    const res = await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/webhooks', { url: `${receiver.url}${path}`, eventTypes, description: path }), 201);
    return (await res.json()) as WebhookWithSecret;
  }

  /** A session that starts and views its first step: two events. */
  async function session(): Promise<{ sessionId: string; events: { id: string; type: string }[] }> {
    const sessionId = uuidv7();
    await s.expectStatus(t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } }), 201);
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const events = [e.started(), e.viewed('start'), e.chose('start', 'a', 'end')];
    await s.expectStatus(t.request('POST', '/api/v1/events', { body: { events } }), 202);
    return { sessionId, events };
  }

  async function deliveries(hookId: string): Promise<WebhookDelivery[]> {
    const res = await s.expectStatus(s.as(admin, 'GET', `/api/v1/workspace/webhooks/${hookId}/deliveries`), 200);
    return ((await res.json()) as WebhookDeliveryList).deliveries;
  }

  const verify = (secret: string, r: Received) =>
    new StandardWebhook(secret).verify(r.body, {
      'webhook-id': String(r.headers['webhook-id']),
      'webhook-timestamp': String(r.headers['webhook-timestamp']),
      'webhook-signature': String(r.headers['webhook-signature']),
    });

  it('shows the secret once; admins only; refuses bad urls and unknown types', async () => {
    const hook = await createHook('/ok', ['*']);
    expect(hook.secret).toMatch(/^whsec_/);
    expect(hook).toMatchObject({ enabled: true, disabledReason: null, eventTypes: ['*'] });
    const got = await (await s.expectStatus(s.as(admin, 'GET', `/api/v1/workspace/webhooks/${hook.id}`), 200)).text();
    expect(got).not.toContain(hook.secret);
    expect(got).not.toContain('secret');
    const list = await (await s.expectStatus(s.as(admin, 'GET', '/api/v1/workspace/webhooks'), 200)).text();
    expect(list).toContain(hook.id);
    expect(list).not.toContain(hook.secret);

    for (const [method, path, body] of [
      ['POST', '/api/v1/workspace/webhooks', { url: `${receiver.url}/ok`, eventTypes: ['*'] }],
      ['GET', '/api/v1/workspace/webhooks', undefined],
      ['GET', `/api/v1/workspace/webhooks/${hook.id}`, undefined],
      ['PATCH', `/api/v1/workspace/webhooks/${hook.id}`, { enabled: false }],
      ['GET', `/api/v1/workspace/webhooks/${hook.id}/deliveries`, undefined],
      ['POST', `/api/v1/workspace/webhooks/${hook.id}/test`, undefined],
      ['DELETE', `/api/v1/workspace/webhooks/${hook.id}`, undefined],
    ] as const) {
      await s.expectStatus(s.as(manager, method, path, body), 403);
    }
    const bad = await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/webhooks', { url: 'ftp://example.org/x', eventTypes: ['*'] }), 400);
    expect(await bad.text()).toContain('http');
    const unknown = await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/webhooks', { url: `${receiver.url}/ok`, eventTypes: ['reelback.nope'] }), 400);
    expect(await unknown.text()).toContain('reelback.session.started');
    await s.expectStatus(s.as(admin, 'DELETE', `/api/v1/workspace/webhooks/${hook.id}`), 204);
    await s.expectStatus(s.as(admin, 'GET', `/api/v1/workspace/webhooks/${hook.id}`), 404);
  });

  it('a receiver that fails three times then succeeds gets each event exactly once, signed; the log shows every attempt; replay sends the same id', async () => {
    const hook = await createHook('/flaky/3', ['reelback.session.started', 'reelback.step.viewed']);
    const { events } = await session();
    const wanted = events.filter((e) => e.type !== 'reelback.choice.selected');
    const ok = () => receiver.received.filter((r) => r.path === '/flaky/3' && r.status === 200);
    await until('both events delivered', () => ok().length >= wanted.length);
    // Let any stray extra attempt show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 700));

    const mine = receiver.received.filter((r) => r.path === '/flaky/3');
    for (const r of mine) {
      verify(hook.secret, r); // throws on a bad signature or timestamp
      expect(r.headers['content-type']).toBe('application/json');
      const body = JSON.parse(r.body) as { id: string; type: string; specversion: string };
      expect(r.headers['webhook-id']).toBe(body.id);
      expect(body.specversion).toBe('1.0');
    }
    // Each event reached the receiver's success path exactly once, and nothing unsubscribed came.
    const okIds = ok().map((r) => String(r.headers['webhook-id']));
    expect([...okIds].sort()).toEqual(wanted.map((e) => e.id).sort());
    expect(mine.map((r) => String(r.headers['webhook-id'])).filter((id) => id === events[2]!.id)).toEqual([]);
    expect(mine).toHaveLength(4 * wanted.length);
    // The bodies are the stored CloudEvents.
    for (const e of wanted) expect(JSON.parse(ok().find((r) => r.headers['webhook-id'] === e.id)!.body)).toEqual(e);

    const log = await deliveries(hook.id);
    expect(log).toHaveLength(wanted.length);
    for (const d of log) {
      expect(d).toMatchObject({ status: 'delivered', lastError: null, nextAttemptAt: null });
      expect(d.attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
      expect(d.attempts.map((a) => a.statusCode)).toEqual([500, 500, 500, 200]);
      expect(d.attempts.map((a) => a.error)).toEqual(['HTTP 500', 'HTTP 500', 'HTTP 500', null]);
      expect(d.attempts.slice(0, 3).every((a) => a.nextRetryAt !== null && Date.parse(a.nextRetryAt) >= Date.parse(a.at) + 300)).toBe(true);
      expect(d.attempts[3]!.nextRetryAt).toBeNull();
      expect(d.attempts.every((a) => a.durationMs >= 0)).toBe(true);
    }

    // Replay: the same webhook-id again, a fifth attempt in the log.
    const first = log.find((d) => d.eventId === wanted[0]!.id)!;
    const replayed = await s.expectStatus(s.as(admin, 'POST', `/api/v1/workspace/webhooks/${hook.id}/deliveries/${first.id}/replay`), 202);
    expect(((await replayed.json()) as WebhookDelivery).status).toBe('pending');
    await until('the replay', () => ok().filter((r) => r.headers['webhook-id'] === first.eventId).length === 2);
    const again = (await deliveries(hook.id)).find((d) => d.id === first.id)!;
    await until('the replay logged', async () => (await deliveries(hook.id)).find((d) => d.id === first.id)!.status === 'delivered');
    expect((await deliveries(hook.id)).find((d) => d.id === first.id)!.attempts).toHaveLength(5);
    expect(again.eventId).toBe(first.eventId);
    await s.expectStatus(s.as(admin, 'POST', `/api/v1/workspace/webhooks/${hook.id}/deliveries/whd_nosuch/replay`), 404);
  });

  it('disables the endpoint after a delivery exhausts its retries, with the reason; enabling clears it', async () => {
    const hook = await createHook('/down', ['reelback.session.started']);
    const { events } = await session();
    const got = await until('the endpoint disabled', async () => {
      const res = await s.as(admin, 'GET', `/api/v1/workspace/webhooks/${hook.id}`);
      const body = (await res.json()) as { enabled: boolean; disabledReason: string | null };
      return body.enabled ? undefined : body;
    });
    expect(got.disabledReason).toContain('failed 4 times');
    expect(got.disabledReason).toContain('HTTP 500');
    const [d] = await deliveries(hook.id);
    expect(d).toMatchObject({ status: 'failed', eventId: events[0]!.id, lastError: 'HTTP 500', nextAttemptAt: null });
    expect(d!.attempts).toHaveLength(4);
    expect(d!.attempts[3]!.nextRetryAt).toBeNull();

    // Disabled: new events make no deliveries; replay and test say why.
    await session();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await deliveries(hook.id)).toHaveLength(1);
    const refused = await s.expectStatus(s.as(admin, 'POST', `/api/v1/workspace/webhooks/${hook.id}/test`), 409);
    expect(await refused.text()).toContain('webhook-disabled');

    const enabled = await s.expectStatus(s.as(admin, 'PATCH', `/api/v1/workspace/webhooks/${hook.id}`, { enabled: true }), 200);
    expect(await enabled.json()).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
  });

  it('410 Gone disables the endpoint at once', async () => {
    const hook = await createHook('/gone', ['*']);
    await session();
    const got = await until('the endpoint disabled', async () => {
      const body = (await (await s.as(admin, 'GET', `/api/v1/workspace/webhooks/${hook.id}`)).json()) as { enabled: boolean; disabledReason: string | null };
      return body.enabled ? undefined : body;
    });
    expect(got.disabledReason).toContain('410 Gone');
    await new Promise((resolve) => setTimeout(resolve, 500));
    // No retries: deliveries already on their way when the first 410 came got theirs too, and stopped there.
    const log = await deliveries(hook.id);
    expect(log).toHaveLength(3);
    expect(log.every((d) => d.status === 'failed' && d.attempts.length <= 1 && d.attempts.every((a) => a.statusCode === 410))).toBe(true);
    expect(receiver.received.filter((r) => r.path === '/gone')).toHaveLength(log.flatMap((d) => d.attempts).length);
    // Disabled: later events make no deliveries.
    await session();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await deliveries(hook.id)).toHaveLength(3);
  });

  it('a test ping is signed; a rotated secret signs from then on', async () => {
    const hook = await createHook('/ok', ['reelback.session.completed']);
    const ping = (await (await s.expectStatus(s.as(admin, 'POST', `/api/v1/workspace/webhooks/${hook.id}/test`), 202)).json()) as WebhookDelivery;
    expect(ping.eventType).toBe('reelback.webhook.test');
    const got = await until('the ping', () => receiver.received.find((r) => r.headers['webhook-id'] === ping.eventId));
    expect(verify(hook.secret, got)).toMatchObject({ type: 'reelback.webhook.test', id: ping.eventId, data: { webhookId: hook.id } });

    const rotated = (await (await s.expectStatus(s.as(admin, 'PATCH', `/api/v1/workspace/webhooks/${hook.id}`, { rotateSecret: true }), 200)).json()) as WebhookWithSecret;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(hook.secret);
    const second = (await (await s.expectStatus(s.as(admin, 'POST', `/api/v1/workspace/webhooks/${hook.id}/test`), 202)).json()) as WebhookDelivery;
    const got2 = await until('the second ping', () => receiver.received.find((r) => r.headers['webhook-id'] === second.eventId));
    expect(() => verify(hook.secret, got2)).toThrow();
    expect(verify(rotated.secret, got2)).toMatchObject({ id: second.eventId });
    await until('logged', async () => (await deliveries(hook.id)).every((d) => d.status === 'delivered'));
  });
});
