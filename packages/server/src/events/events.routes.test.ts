import { EventBatchResponse, SessionRecord, StartSessionResponse, uuidv7 } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { branchingFlow, eventsFor, type TestEvent } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

describe.each(storageFactories)('POST /api/v1/events on $name', (factory) => {
  const t = useTestApp(factory);

  /** A started session on a fresh flow with `versions` published versions, and its event builder. */
  async function session(versions = 1, flowVersion?: number) {
    const flowId = uniqueFlowId();
    await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: branchingFlow } });
    for (let i = 0; i < versions; i++) await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true });
    const res = await t.request('POST', '/api/v1/sessions', { body: { flowId, flowVersion, context: { embedMode: 'inline' } } });
    expect(res.status).toBe(201);
    const started = StartSessionResponse.parse(await res.json());
    return { ...started, e: eventsFor({ sessionId: started.sessionId, flowId, flowVersion: started.flowVersion }) };
  }

  const send = (events: unknown[], headers?: Record<string, string>) => t.request('POST', '/api/v1/events', { body: { events }, headers });

  async function stored(sessionId: string) {
    const res = await t.request('GET', `/api/v1/sessions/${sessionId}`, { owner: true });
    return SessionRecord.parse(await res.json());
  }

  const ids = (events: TestEvent[]) => events.map((e) => e.id);

  it('accepts a whole walk through the flow and marks the session completed', async () => {
    const { sessionId, e } = await session();
    const walk = [e.started(), e.viewed('start'), e.progressed('start', 25), e.chose('start', 'a', 'rate'), e.viewed('rate'), e.rated('rate', 4, 'end'), e.viewed('end'), e.completed('end')];
    const res = await send(walk, { origin: 'https://customer.example' });
    expect(res.status).toBe(202);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(EventBatchResponse.parse(await res.json())).toEqual({ accepted: ids(walk), duplicates: [], rejected: [] });
    const record = await stored(sessionId);
    expect(record.events.map((s) => s.event)).toEqual(walk);
    expect(record.completedAt).toEqual(expect.any(String));
  });

  it('puts a shuffled batch back in id order before applying it', async () => {
    const { sessionId, e } = await session();
    const walk = [e.started(), e.viewed('start'), e.chose('start', 'b', 'contact'), e.viewed('contact')];
    const res = await send([walk[3], walk[1], walk[0], walk[2]]);
    expect(res.status).toBe(202);
    expect((await res.json()).accepted).toEqual(ids(walk));
    expect((await stored(sessionId)).events.map((s) => s.event.id)).toEqual(ids(walk));
  });

  it('stores a retried event once: duplicates within a batch and across batches', async () => {
    const { sessionId, e } = await session();
    const first = [e.started(), e.viewed('start')];
    expect((await send(first)).status).toBe(202);
    const next = e.chose('start', 'a', 'rate');
    const res = await send([first[0], next, first[1], next]);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: [next.id], duplicates: [first[0]!.id, first[1]!.id, next.id], rejected: [] });
    expect((await stored(sessionId)).events.map((s) => s.event.id)).toEqual([...ids(first), next.id]);
  });

  it('applies concurrent copies of one batch exactly once', async () => {
    const { sessionId, e } = await session();
    const batch = [e.started(), e.viewed('start'), e.chose('start', 'a', 'rate')];
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => send(batch)));
    expect(results.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    const bodies = await Promise.all(results.map(async (r) => EventBatchResponse.parse(await r.json())));
    expect(bodies.flatMap((b) => b.accepted).sort()).toEqual(ids(batch).sort());
    expect(bodies.flatMap((b) => b.duplicates)).toHaveLength(12);
    expect((await stored(sessionId)).events).toHaveLength(3);
  });

  it.each([
    ['a choice before its step was viewed', (e: ReturnType<typeof eventsFor>) => [e.chose('start', 'a', 'rate')], 'step "start" is not the step being viewed'],
    ['a step the flow does not lead to', (e: ReturnType<typeof eventsFor>) => [e.viewed('start'), e.chose('start', 'a', 'rate'), e.viewed('contact')], 'step "contact" cannot be viewed now: the flow leads to "rate"'],
    ['a wrong next step', (e: ReturnType<typeof eventsFor>) => [e.viewed('start'), e.chose('start', 'a', 'contact')], 'nextStepId "contact" does not follow from this answer; the flow leads to "rate"'],
    ['an option that does not exist', (e: ReturnType<typeof eventsFor>) => [e.viewed('start'), e.chose('start', 'zzz', 'rate')], 'step "start" has no option "zzz"'],
    ['a step not in this version', (e: ReturnType<typeof eventsFor>) => [e.viewed('elsewhere')], 'step "elsewhere" is not in this flow version'],
    ['a rating out of scale', (e: ReturnType<typeof eventsFor>) => [e.viewed('start'), e.chose('start', 'a', 'rate'), e.viewed('rate'), e.rated('rate', 9, 'end')], 'step "rate" takes a rating from 1 to 5'],
  ])('rejects %s with 422 and keeps what came before', async (_what, build, reason) => {
    const { sessionId, e } = await session();
    const before = e.started();
    const rest = build(e);
    const bad = rest.at(-1)!;
    const res = await send([before, ...rest]);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      accepted: [before.id, ...ids(rest.slice(0, -1))],
      duplicates: [],
      rejected: [{ id: bad.id, reason }],
      error: {
        code: 'events-rejected',
        message: `1 event rejected, ${rest.length} accepted; first: ${reason}`,
        issues: [{ path: ['events', rest.length], message: reason }],
      },
    });
    expect((await stored(sessionId)).events.map((s) => s.event.id)).toEqual([before.id, ...ids(rest.slice(0, -1))]);
  });

  it('rejects events before the session started and after it completed', async () => {
    const { e } = await session();
    const early = e.viewed('start');
    const res = await send([early]);
    expect(res.status).toBe(422);
    expect((await res.json()).rejected).toEqual([{ id: early.id, reason: 'the session has not started: send reelback.session.started first' }]);

    const walk = [e.started(), e.viewed('start'), e.chose('start', 'a', 'rate'), e.viewed('rate'), e.rated('rate', 5, 'end'), e.viewed('end'), e.completed('end')];
    expect((await send(walk)).status).toBe(202);
    const late = e.completed('end');
    const after = await send([late]);
    expect(after.status).toBe(422);
    expect((await after.json()).rejected).toEqual([{ id: late.id, reason: 'the session is already completed' }]);
  });

  it('rejects events for another version or flow than the session', async () => {
    const { sessionId, flowId, e } = await session(2, 1);
    const other = eventsFor({ sessionId, flowId, flowVersion: 2 });
    const wrongFlow = eventsFor({ sessionId, flowId: 'some-other-flow', flowVersion: 1 });
    const batch = [e.started(), other.viewed('start'), wrongFlow.viewed('start')];
    const res = await send(batch);
    expect(res.status).toBe(422);
    expect((await res.json()).rejected).toEqual([
      { id: batch[1]!.id, reason: 'event is for version 2 but the session uses version 1' },
      { id: batch[2]!.id, reason: `event is for flow "some-other-flow" but the session belongs to flow "${flowId}"` },
    ]);
  });

  it('handles several sessions in one batch, each on its own', async () => {
    const a = await session();
    const b = await session();
    const batch = [a.e.started(), b.e.started(), a.e.viewed('start'), b.e.viewed('rate')];
    const res = await send(batch);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.accepted.sort()).toEqual([batch[0]!.id, batch[1]!.id, batch[2]!.id].sort());
    expect(body.error.issues).toEqual([{ path: ['events', 3], message: 'step "rate" cannot be viewed now: the flow leads to "start"' }]);
  });

  it('answers 404 when a session does not exist and nothing was accepted, 422 when something was', async () => {
    const ghost = eventsFor({ sessionId: uuidv7(), flowId: 'x', flowVersion: 1 });
    const lost = ghost.started();
    const res = await send([lost]);
    expect(res.status).toBe(404);
    const reason = `session "${lost.data.sessionId}" does not exist: start it with POST /api/v1/sessions`;
    expect(await res.json()).toEqual({
      accepted: [],
      duplicates: [],
      rejected: [{ id: lost.id, reason }],
      error: { code: 'unknown-session', message: `unknown session: ${lost.data.sessionId}`, issues: [{ path: ['events', 0], message: reason }] },
    });

    const { e } = await session();
    const mixed = await send([e.started(), ghost.viewed('start')]);
    expect(mixed.status).toBe(422);
    expect((await mixed.json()).error.code).toBe('events-rejected');
  });

  it('names the field at fault in an invalid event', async () => {
    const { e } = await session();
    const events: unknown[] = [e.started(), e.viewed('start'), e.chose('start', 'a', 'rate'), { ...e.viewed('rate'), data: { ...e.viewed('rate').data, stepId: 42 } }];
    const res = await send(events);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('invalid-request');
    expect(body.error.message).toBe('events.3.data.stepId: Invalid input: expected string, received number');
    expect(body.error.issues).toEqual([{ path: ['events', 3, 'data', 'stepId'], message: 'Invalid input: expected string, received number', code: 'invalid_type' }]);
  });

  it('takes 1 to 100 events per batch', async () => {
    const { e } = await session();
    const tooMany = await send(Array.from({ length: 101 }, () => e.progressed('start', 25)));
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.issues).toEqual([
      { path: ['events'], message: 'Too big: expected array to have <=100 items', code: 'too_big' },
    ]);
    const none = await send([]);
    expect(none.status).toBe(400);
    expect((await none.json()).error.issues[0].path).toEqual(['events']);
    const hundred = await send([e.started(), e.viewed('start'), ...Array.from({ length: 98 }, () => e.progressed('start', 50))]);
    expect(hundred.status).toBe(202);
    expect((await hundred.json()).accepted).toHaveLength(100);
  });

  it('reads text/plain as JSON (navigator.sendBeacon) but refuses other types', async () => {
    const { sessionId, e } = await session();
    const batch = [e.started()];
    const beacon = await t.request('POST', '/api/v1/events', { body: JSON.stringify({ events: batch }), headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(beacon.status).toBe(202);
    expect((await stored(sessionId)).events).toHaveLength(1);

    const form = await t.request('POST', '/api/v1/events', { body: 'events=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect(await form.json()).toEqual({
      error: { code: 'unsupported-media-type', message: 'send the body as application/json or text/plain, not application/x-www-form-urlencoded' },
    });
  });

  it('refuses malformed JSON (400) and bodies over 1 MiB (413), with CORS headers', async () => {
    const malformed = await t.request('POST', '/api/v1/events', { body: '{"events": [', headers: { origin: 'https://x.example' } });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('access-control-allow-origin')).toBe('*');
    expect((await malformed.json()).error.code).toBe('invalid-json');

    const big = await t.request('POST', '/api/v1/events', { body: `{"events": [${' '.repeat(1024 * 1024)}]}`, headers: { origin: 'https://x.example' } });
    expect(big.status).toBe(413);
    expect(big.headers.get('access-control-allow-origin')).toBe('*');
    expect((await big.json()).error.code).toBe('payload-too-large');
  });

  it('answers unknown routes and methods with a JSON 404', async () => {
    const res = await t.request('GET', '/api/v1/events');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not-found', message: 'there is no GET /api/v1/events' } });
    expect(t.errors).toEqual([]);
  });
});
