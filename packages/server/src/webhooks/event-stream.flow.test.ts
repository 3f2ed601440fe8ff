import { uuidv7 } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseReader } from '../test-support/sse-reader.js';
import { eventsFor } from '../test-support/fixtures.js';
import { type Login, ownerSessions } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

const flow = {
  name: 'Stream',
  steps: [
    { id: 'start', prompt: { title: 'Pick' }, answer: { type: 'choice', options: [{ id: 'a', label: 'A', next: 'end' }] } },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

/**
 * `GET /api/v1/events/stream`: a manager's stream (cookie) gets the workspace's events as they are stored, filtered
 * by type; a reconnect with Last-Event-ID gets every stored event after that one, in order, then live ones; another
 * workspace's events never come.
 */
describe.each(storageFactories)('event stream on $name', (factory) => {
  const t = useTestApp(factory);
  const s = ownerSessions(t);
  const readers: SseReader[] = [];
  let admin: Login;
  let manager: Login;
  let other: Login;
  let flowId: string;
  let otherFlowId: string;

  beforeAll(async () => {
    admin = await s.bootstrap(`stream-${factory.name}@example.org`);
    manager = await s.join(admin, `stream-manager-${factory.name}@example.org`, 'manager');
    other = await s.newWorkspace(admin, `stream-${factory.name}@example.org`, 'Other');
    flowId = uniqueFlowId('stream');
    otherFlowId = uniqueFlowId('stream-other');
    for (const [who, id] of [
      [admin, flowId],
      [other, otherFlowId],
    ] as const) {
      await s.expectStatus(s.as(who, 'POST', '/api/v1/flows', { id, definition: flow }), 201);
      await s.expectStatus(s.as(who, 'POST', `/api/v1/flows/${id}/versions`), 201);
    }
  });
  afterAll(async () => {
    for (const reader of readers) await reader.close();
  });

  async function open(who: Login, query = '', lastEventId?: string): Promise<SseReader> {
    const res = await t.request('GET', `/api/v1/events/stream${query}`, {
      headers: { cookie: who.cookie, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = new SseReader(res.body!);
    readers.push(reader);
    expect((await reader.next()).comments).toContain('connected');
    return reader;
  }

  async function walk(flow: string) {
    const sessionId = uuidv7();
    await s.expectStatus(t.request('POST', '/api/v1/sessions', { body: { flowId: flow, sessionId, context: { embedMode: 'inline' } } }), 201);
    const e = eventsFor({ sessionId, flowId: flow, flowVersion: 1 });
    const events = [e.started(), e.viewed('start'), e.chose('start', 'a', 'end'), e.viewed('end')];
    await s.expectStatus(t.request('POST', '/api/v1/events', { body: { events } }), 202);
    return events;
  }

  it('streams stored events with type and id, filtered by type; never another workspace\'s', async () => {
    const all = await open(manager);
    const choices = await open(manager, '?types=reelback.choice.selected');
    await walk(otherFlowId);
    const events = await walk(flowId);
    for (const event of events) {
      const message = await all.nextMessage();
      expect(message).toMatchObject({ event: event.type, id: event.id });
      expect(JSON.parse(message.data)).toEqual(event);
    }
    const choice = await choices.nextMessage();
    expect(choice).toMatchObject({ event: 'reelback.choice.selected', id: events[2]!.id });
    // Nothing else is waiting on either stream (the other workspace's walk came first, and did not show up).
    await expect(all.nextMessage(300)).rejects.toThrow(/no server-sent message/);
    await expect(choices.nextMessage(300)).rejects.toThrow(/no server-sent message/);
  });

  it('resumes after Last-Event-ID from the store, in order, then goes on live', async () => {
    const first = await walk(flowId);
    const second = await walk(flowId);
    const resumed = await open(manager, '', first[1]!.id);
    const expected = [...first.slice(2), ...second];
    for (const event of expected) expect(await resumed.nextMessage()).toMatchObject({ event: event.type, id: event.id });
    const live = await walk(flowId);
    for (const event of live) expect(await resumed.nextMessage()).toMatchObject({ id: event.id });

    // With a type filter the catch-up is filtered too.
    const views = await open(manager, '?types=reelback.step.viewed', first[0]!.id);
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push((await views.nextMessage()).id);
    expect(ids).toEqual([...first, ...second, ...live].filter((e) => e.type === 'reelback.step.viewed').map((e) => e.id));

    // Another workspace's event id is unknown here: live events only.
    const foreign = await walk(otherFlowId);
    const unknown = await open(manager, '', foreign[0]!.id);
    expect((await unknown.next()).comments.join(' ')).toContain('unknown Last-Event-ID');
  });

  it('takes an API key; refuses unknown types and callers without credentials', async () => {
    const key = await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/api-keys', { name: 'stream', scopes: ['read'] }), 201);
    const { key: secret } = (await key.json()) as { key: string };
    const res = await t.request('GET', '/api/v1/events/stream', { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);
    readers.push(new SseReader(res.body!));
    const bad = await s.expectStatus(s.as(manager, 'GET', '/api/v1/events/stream?types=reelback.nope'), 400);
    expect(await bad.text()).toContain('reelback.nope');
    await s.expectStatus(t.request('GET', '/api/v1/events/stream'), 401);
  });
});
