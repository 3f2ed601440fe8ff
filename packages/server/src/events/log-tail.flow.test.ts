import { randomBytes } from 'node:crypto';
import { uuidv7 } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresNotices } from '../live/postgres-notices.js';
import { eventsFor } from '../test-support/fixtures.js';
import { storageFactories, TEST_DATABASE_URL } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import type { FanoutEvent } from '../ports/webhook-store.js';
import { CommittedLogTail, type LogReader } from './log-tail.js';

const flow = {
  name: 'Tail',
  steps: [
    { id: 'start', prompt: { title: 'Pick' }, answer: { type: 'choice', options: [{ id: 'a', label: 'A', next: 'end' }] } },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

/**
 * A process's reading of the event log for live updates (`CommittedLogTail`): from the log's end, each committed
 * event once and in order, at once when a notice says so, and by the poll when no notice comes (lost ones).
 */
describe.each(storageFactories)('the committed-log tail on $name', (factory) => {
  const t = useTestApp(factory);
  const flowId = uniqueFlowId('tail');
  const errors: unknown[] = [];
  const namespace = `tail-${randomBytes(4).toString('hex')}`;
  const notices = new PostgresNotices({ url: TEST_DATABASE_URL, namespace, logError: (_m, e) => errors.push(e) });
  // Another namespace: nothing announced to `notices` reaches it, as if every notice were lost.
  const deaf = new PostgresNotices({ url: TEST_DATABASE_URL, namespace: `${namespace}-deaf`, logError: (_m, e) => errors.push(e) });
  const tails: CommittedLogTail[] = [];

  function tail(options: { notices: PostgresNotices; pollMs: number }): { tail: CommittedLogTail; read: string[] } {
    const read: string[] = [];
    const reader: LogReader = { name: 'test', read: (events: readonly FanoutEvent[]) => void read.push(...events.map((e) => e.event.id)) };
    const made = new CommittedLogTail({ store: t.storage.webhooks, readers: [reader], ...options, logError: (_m, e) => errors.push(e) });
    tails.push(made);
    return { tail: made, read };
  }

  async function walk(): Promise<string[]> {
    const sessionId = uuidv7();
    expect((await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } })).status).toBe(201);
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const events = [e.started(), e.viewed('start'), e.chose('start', 'a', 'end'), e.viewed('end')];
    expect((await t.request('POST', '/api/v1/events', { body: { events } })).status).toBe(202);
    return events.map((event) => event.id);
  }

  beforeAll(async () => {
    await Promise.all([notices.start(), deaf.start()]);
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: flow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
  });
  afterAll(async () => {
    for (const made of tails) await made.stop();
    await Promise.all([notices.stop(), deaf.stop()]);
  });

  it('starts at the log’s end and reads what is committed from then, at once when announced', async () => {
    const before = await walk();
    // A poll far off: only the notice can bring the events within the wait below.
    const { tail: fast, read } = tail({ notices, pollMs: 600_000 });
    await fast.start();
    const after = await walk();
    fast.announce(after.at(-1)!);
    await expect.poll(() => read, { timeout: 10_000 }).toEqual(after);
    expect(read.some((id) => before.includes(id))).toBe(false);
    expect(errors).toEqual([]);
  });

  it('without notices, the poll brings every event once, in the order committed', async () => {
    const { tail: polling, read } = tail({ notices: deaf, pollMs: 100 });
    await polling.start();
    const first = await walk();
    const second = await walk();
    polling.announce(second.at(-1)!); // heard by no one: the deaf notices are in another namespace
    await expect.poll(() => read, { timeout: 10_000 }).toEqual([...first, ...second]);
    // Several polls later nothing came twice.
    await polling.catchUp();
    await polling.catchUp();
    expect(read).toEqual([...first, ...second]);
    expect(errors).toEqual([]);
  });
});
