import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { uuidv7, type WebhookWithSecret } from '@reelback/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp } from '../test-support/test-app.js';

const QUEUED = 20_000;
const LIMIT_MS = 100;

/** A receiver that holds every request open until `release()`: the slow receiver deliveries queue behind. */
async function startSlowReceiver() {
  const held: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    req.resume();
    held.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held: () => held.length,
    release: () => {
      for (const res of held.splice(0)) res.writeHead(500).end();
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * #11: with a long queue of deliveries to one webhook, disabling or deleting it must not freeze the server. The
 * settling runs while /healthz is asked over HTTP back to back (a request waits for every turn of the event loop
 * that began before it was answered, so none is missed): every answer must come within 100 ms (see `slow` for how
 * a busy machine is told apart). Every sample is printed on failure.
 */
describe.each(storageFactories)('a webhook with 20,000 queued deliveries on $name', (factory) => {
  const t = useTestApp(factory, { webhooks: { allowPrivate: true, timeoutMs: 1000, retryScheduleSeconds: [0.2] } });
  let receiver: Awaited<ReturnType<typeof startSlowReceiver>>;
  let server: ReturnType<typeof serve>;
  let base: string;

  beforeAll(async () => {
    receiver = await startSlowReceiver();
    server = serve({ fetch: t.reelback.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t.reelback.webhookDispatcher.start();
  });
  afterAll(async () => {
    receiver?.release();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await receiver?.close();
  });

  /** Whether any delivery of the webhook is still pending (cheap: the first one found, from the due index). */
  const anyPending = async (hookId: string) => {
    if (!(t.storage instanceof KyselyStorage)) throw new Error('the test storages are KyselyStorage');
    const { rows } = await sql`select 1 from webhook_deliveries where status = 'pending' and endpoint_id = ${hookId} limit 1`.execute(t.storage.database);
    return rows.length > 0;
  };

  interface Sample {
    /** From sending the request to reading the whole answer. */
    wallMs: number;
    /** CPU time this process used meanwhile (every thread: an upper bound of the event loop's own). */
    cpuMs: number;
  }

  /** Samples /healthz back to back until `done()`. */
  async function sampleHealth(done: () => Promise<boolean>, timeoutMs = 60_000): Promise<Sample[]> {
    const samples: Sample[] = [];
    const deadline = Date.now() + timeoutMs;
    let finished = false;
    const watcher = (async () => {
      while (!(await done())) {
        if (Date.now() > deadline) throw new Error(`not settled after ${timeoutMs} ms; ${report(samples)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      finished = true;
    })();
    while (!finished) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const res = await fetch(`${base}/healthz`);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      const used = process.cpuUsage(cpu);
      samples.push({ wallMs: Math.round(performance.now() - started), cpuMs: Math.round((used.user + used.system) / 1000) });
    }
    await watcher;
    return samples;
  }

  /**
   * The samples that show the server held up for 100 ms or more. On a quiet machine that is the answer's time. On a
   * shared one (this project's CI machine runs several test suites on two cores) an answer can also wait for a CPU
   * held by other processes, which says nothing about this server: unless REELBACK_STRICT_TIMING=1, a sample counts
   * only when this process itself also used 100 ms of CPU meanwhile (work that held the event loop does).
   */
  const slow = (samples: Sample[]) =>
    samples.filter((x) => x.wallMs >= LIMIT_MS && (process.env.REELBACK_STRICT_TIMING === '1' || x.cpuMs >= LIMIT_MS));

  const report = (samples: Sample[]) =>
    `${samples.length} /healthz samples (wall/cpu ms), ${slow(samples).length} slow: ${samples.map((x) => `${x.wallMs}/${x.cpuMs}`).join(', ')}`;

  async function queuedHook(): Promise<WebhookWithSecret> {
    const created = await t.request('POST', '/api/v1/workspace/webhooks', { owner: true, body: { url: `${receiver.url}/slow`, eventTypes: ['*'] } });
    expect(created.status).toBe(201);
    const hook = (await created.json()) as WebhookWithSecret;
    const at = new Date().toISOString();
    const rows = Array.from({ length: QUEUED }, () => {
      const eventId = uuidv7();
      return { id: `whd_${uuidv7().replace(/-/g, '')}`, endpointId: hook.id, eventId, eventType: 'reelback.webhook.test', payload: { id: eventId }, at };
    });
    await t.storage.webhooks.insertDeliveries(rows);
    if (t.storage instanceof KyselyStorage && factory.name === 'sqlite') {
      // 20,000 rows written in one burst leave a long write-ahead log; a server that queued them over time would
      // have checkpointed along the way.
      await sql`pragma wal_checkpoint(truncate)`.execute(t.storage.database);
    }
    t.reelback.webhookDispatcher.wake();
    // The dispatcher is busy with the receiver: requests are open and the rest waits.
    const deadline = Date.now() + 10_000;
    while (receiver.held() === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(receiver.held()).toBeGreaterThan(0);
    // The client's first requests set up its connection; what is measured is the server.
    for (let i = 0; i < 5; i++) await (await fetch(`${base}/healthz`)).arrayBuffer();
    return hook;
  }

    it('disabling it settles them while /healthz answers within 100 ms throughout', async () => {
    const hook = await queuedHook();
    const patched = t.request('PATCH', `/api/v1/workspace/webhooks/${hook.id}`, { owner: true, body: { enabled: false } });
    const samples = await sampleHealth(async () => {
      // Requests under way come back (500) and their deliveries end too, without another request.
      receiver.release();
      return !(await anyPending(hook.id));
    });
    expect((await patched).status).toBe(200);
    expect(samples.length).toBeGreaterThan(0);
    expect(slow(samples), report(samples)).toEqual([]);
    const log = await t.storage.webhooks.listDeliveries(hook.id, { limit: 5 });
    expect(log.every((d) => d.status === 'failed')).toBe(true);
  }, 120_000);

  it('deleting it removes them while /healthz answers within 100 ms throughout', async () => {
    const hook = await queuedHook();
    let deleted = false;
    const deleting = t.request('DELETE', `/api/v1/workspace/webhooks/${hook.id}`, { owner: true }).then((res) => {
      deleted = true;
      return res;
    });
    const samples = await sampleHealth(async () => deleted);
    expect((await deleting).status).toBe(204);
    expect(slow(samples), report(samples)).toEqual([]);
    expect(await t.storage.webhooks.listDeliveries(hook.id, { limit: 5 })).toEqual([]);
  }, 120_000);
});
