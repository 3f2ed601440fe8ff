import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { uuidv7, type WebhookDeliveryList, type WebhookWithSecret } from '@reelback/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ReelbackApp } from '../app.js';
import { SseReader } from '../test-support/sse-reader.js';
import type { Storage } from '../ports/storage.js';
import type { WithProjectionFold } from '../ports/projection-fold.js';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { eventsFor, type TestEvent } from '../test-support/fixtures.js';
import { type OpenedStorage, storageFactories } from '../test-support/storages.js';
import { ADMIN_KEY, uniqueFlowId } from '../test-support/test-app.js';
import { openTestMedia, type TestMedia } from '../test-support/test-media.js';
import type { WebhookStore } from '../ports/webhook-store.js';

const flow = {
  name: 'Sweep',
  steps: [
    { id: 'start', prompt: { title: 'Pick' }, answer: { type: 'choice', options: [{ id: 'a', label: 'A', next: 'end' }] } },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

const SECRET_KEY = randomBytes(32);

/** What may hold the PostgreSQL sweep back, for a timeout's message: its watermark and the oldest open writers. */
let describeWatermark: () => Promise<string> = async () => '';

async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${await describeWatermark()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A storage whose webhook fan-out dies: what a process that crashed right after committing leaves behind. */
function crashingFanout(storage: KyselyStorage): Storage & WithProjectionFold {
  const webhooks = Object.create(storage.webhooks) as WebhookStore;
  webhooks.enabledEndpoints = () => Promise.reject(new Error('the process died here'));
  const broken = Object.create(storage) as KyselyStorage;
  Object.defineProperty(broken, 'webhooks', { value: webhooks, enumerable: true });
  return broken;
}

/**
 * The webhook fan-out's durable cursor (migration 0010): events committed by a process whose fan-out never ran are
 * delivered after a restart, each once; on PostgreSQL a later seq committed first does not make the sweep (or the
 * event stream's Last-Event-ID resume) step over an earlier seq committed after it.
 */
describe.each(storageFactories)('webhook fan-out sweep on $name', (factory) => {
  let opened: OpenedStorage;
  const medias: TestMedia[] = [];
  const apps: ReelbackApp[] = [];
  const readers: SseReader[] = [];
  const received: Array<{ path: string; id: string }> = [];
  let receiver: Server;
  let receiverUrl: string;

  beforeAll(async () => {
    opened = await factory.open();
    if (factory.name === 'postgres') {
      describeWatermark = async () => {
        const { rows } = await sql<{ xmin: string; writers: unknown }>`
          select pg_snapshot_xmin(pg_current_snapshot())::text as xmin,
                 (select json_agg(json_build_object('pid', pid, 'xid', backend_xid::text, 'state', state, 'since', xact_start, 'query', left(query, 120)) order by xact_start)
                    from pg_stat_activity where backend_xid is not null) as writers`.execute(opened.storage.database);
        return ` (sweep watermark ${rows[0]?.xmin}; open writers ${JSON.stringify(rows[0]?.writers)})`;
      };
    }
    receiver = createServer((req, res) => {
      received.push({ path: req.url ?? '/', id: String(req.headers['webhook-id']) });
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const reader of readers) await reader.close();
    for (const app of apps) await app.webhookFanout.stop();
    for (const app of apps) await app.webhookDispatcher.stop();
    for (const media of medias) await media.dispose();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await opened?.dispose();
  });

  /** A server process on the shared database: its own job queue, the same secret key; the system clock, like production. */
  async function boot(storage: Storage & WithProjectionFold, errors: unknown[] = []): Promise<ReelbackApp> {
    const media = await openTestMedia(opened.storage);
    medias.push(media);
    const app = createApp({ storage, adminKey: ADMIN_KEY, secretKey: SECRET_KEY, media: media.media, logError: (_m, error) => errors.push(error), webhooks: { allowPrivate: true } });
    apps.push(app);
    await media.media.queue.start();
    app.webhookDispatcher.start();
    return app;
  }

  const call = async (app: ReelbackApp, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.app.request(path, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  async function publishedFlow(app: ReelbackApp): Promise<string> {
    const flowId = uniqueFlowId('sweep');
    expect((await call(app, 'POST', '/api/v1/flows', { id: flowId, definition: flow })).status).toBe(201);
    expect((await call(app, 'POST', `/api/v1/flows/${flowId}/versions`)).status).toBe(201);
    return flowId;
  }

  async function hook(app: ReelbackApp, path: string): Promise<WebhookWithSecret> {
    const res = await call(app, 'POST', '/api/v1/workspace/webhooks', { url: `${receiverUrl}${path}`, eventTypes: ['*'] });
    expect(res.status).toBe(201);
    return (await res.json()) as WebhookWithSecret;
  }

  async function session(app: ReelbackApp, flowId: string, walk = true): Promise<{ sessionId: string; events: TestEvent[] }> {
    const sessionId = uuidv7();
    expect((await call(app, 'POST', '/api/v1/sessions', { flowId, sessionId, context: { embedMode: 'inline' } })).status).toBe(201);
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const events = walk ? [e.started(), e.viewed('start'), e.chose('start', 'a', 'end')] : [];
    if (walk) expect((await call(app, 'POST', '/api/v1/events', { events })).status).toBe(202);
    return { sessionId, events };
  }

  async function deliveries(app: ReelbackApp, hookId: string): Promise<WebhookDeliveryList['deliveries']> {
    const res = await call(app, 'GET', `/api/v1/workspace/webhooks/${hookId}/deliveries?limit=100`);
    expect(res.status).toBe(200);
    return ((await res.json()) as WebhookDeliveryList).deliveries;
  }

  it('events committed while the fan-out was dead are delivered after a restart, each exactly once; not to a webhook made after them', async () => {
    const errors: unknown[] = [];
    const crashed = await boot(crashingFanout(opened.storage), errors);
    const flowId = await publishedFlow(crashed);
    const before = await hook(crashed, '/before');
    const { events } = await session(crashed, flowId);
    // Stored (202 above), but the fan-out died: no deliveries.
    await until('the fan-out to fail', () => errors.length > 0);
    expect(String(errors[0])).toContain('the process died here');
    expect(await deliveries(crashed, before.id)).toEqual([]);
    await crashed.webhookFanout.stop();
    await crashed.webhookDispatcher.stop();
    await medias[0]!.media.queue.stop();

    // A webhook made while the server was down must not get the events stored before it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const restarted = await boot(opened.storage);
    const after = await hook(restarted, '/after');
    restarted.webhookFanout.start();
    await until('every event delivered', () => received.filter((r) => r.path === '/before').length >= events.length);

    // A second sweep (and a third process) finds nothing new; even fanned out again from the very start (the
    // cursor put back), nothing is sent twice.
    await restarted.webhookFanout.sweep();
    const third = await boot(opened.storage);
    await third.webhookFanout.sweep();
    await sql`update webhook_fanout_cursor set after_txid = 0, after_seq = 0`.execute(opened.storage.database);
    expect(await third.webhookFanout.sweep()).toBeGreaterThanOrEqual(events.length);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(received.filter((r) => r.path === '/before').map((r) => r.id).sort()).toEqual(events.map((e) => e.id).sort());
    const log = await deliveries(restarted, before.id);
    expect(log).toHaveLength(events.length);
    expect(log.every((d) => d.status === 'delivered' && d.attempts.length === 1)).toBe(true);
    expect(received.filter((r) => r.path === '/after')).toEqual([]);
    expect(await deliveries(restarted, after.id)).toEqual([]);

    // Events stored from now on reach both, through the fast path, once.
    const next = await session(restarted, flowId);
    await until('the new events', () => received.filter((r) => r.path === '/after').length >= next.events.length);
    await restarted.webhookFanout.sweep();
    await until('the new events at the first webhook', () => received.filter((r) => r.path === '/before').length >= events.length + next.events.length);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received.filter((r) => r.path === '/after').map((r) => r.id).sort()).toEqual(next.events.map((e) => e.id).sort());
    expect(received.filter((r) => r.path === '/before')).toHaveLength(events.length + next.events.length);
    await restarted.webhookFanout.stop();
  }, 120_000);

  it.runIf(factory.name === 'postgres')(
    'a later seq committed first: the sweep waits for the earlier one, and the stream resumes with it',
    async () => {
      const app = await boot(opened.storage);
      const flowId = await publishedFlow(app);
      const target = await hook(app, '/concurrent');
      // Two sessions: writers of one session wait for each other (row locks), as they should.
      const one = await session(app, flowId, false);
      const two = await session(app, flowId, false);
      const first = eventsFor({ sessionId: one.sessionId, flowId, flowVersion: 1 }).started();
      const second = eventsFor({ sessionId: two.sessionId, flowId, flowVersion: 1 }).started();
      const db = opened.storage.database;
      const insert = (trx: typeof db, event: TestEvent) =>
        trx
          .insertInto('events')
          .values({ id: event.id, session_id: event.data.sessionId, type: event.type, time: event.time, received_at: new Date().toISOString(), event: JSON.stringify(event) })
          .returning('seq')
          .executeTakeFirstOrThrow();
      await app.webhookFanout.sweep();

      // Written straight to the table, as two concurrent writers would (no subscriber hears them: only the sweep fans these out).
      let releaseFirst!: () => void;
      const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
      let firstSeq!: string;
      let firstInserted!: () => void;
      const firstIsIn = new Promise<void>((resolve) => (firstInserted = resolve));
      const firstTx = db.transaction().execute(async (trx) => {
        firstSeq = String((await insert(trx, first)).seq);
        firstInserted();
        await firstMayCommit;
      });
      await firstIsIn;
      const secondSeq = String((await db.transaction().execute((trx) => insert(trx, second))).seq);
      expect(BigInt(secondSeq)).toBeGreaterThan(BigInt(firstSeq));
      const visible = await sql<{ id: string }>`select id from events where session_id in (${one.sessionId}, ${two.sessionId})`.execute(db);
      expect(visible.rows.map((r) => r.id)).toEqual([second.id]);

      // A stream client got `second` (say live) and disconnected before `first` committed.
      // The sweep must not move past `first` while it is open: neither event is fanned out yet.
      await app.webhookFanout.sweep();
      expect(await deliveries(app, target.id)).toEqual([]);

      releaseFirst();
      await firstTx;
      // Both now (once any unrelated transaction open on the server has ended).
      const log = await until('both fanned out', async () => {
        await app.webhookFanout.sweep();
        const got = await deliveries(app, target.id);
        return got.length === 2 ? got : undefined;
      });
      expect(log.map((d) => d.eventId).sort()).toEqual([first.id, second.id].sort());
      await until('both delivered', () => received.filter((r) => r.path === '/concurrent').length === 2);

      // Resuming after `second` replays `first`, which committed after it though its seq is smaller; resuming after
      // `first` sends `second` and not `first` again. (Events of other transactions open around then may come again
      // too, as the stream says: only these two are looked at.)
      const resume = async (lastEventId: string) => {
        const res = await call(app, 'GET', '/api/v1/events/stream', undefined, { 'last-event-id': lastEventId });
        expect(res.status).toBe(200);
        const reader = new SseReader(res.body!);
        readers.push(reader);
        expect((await reader.next()).comments).toContain('connected');
        const ids: string[] = [];
        for (;;) {
          const message = await reader.nextMessage(500).catch(() => undefined);
          if (!message) return ids.filter((id) => id === first.id || id === second.id);
          ids.push(message.id!);
        }
      };
      expect(await resume(second.id)).toEqual([first.id]);
      expect(await resume(first.id)).toEqual([second.id]);
      await app.webhookFanout.stop();
    },
    120_000,
  );
});
