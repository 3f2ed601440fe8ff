import { type AnswerItem, uuidv7 } from '@reelback/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { eventsFor } from '../test-support/fixtures.js';
import { type Login, ownerSessions } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import { SseReader } from '../test-support/sse-reader.js';

export const textFlow = {
  name: 'Live test flow',
  steps: [
    { id: 'say', prompt: { title: 'What slowed you down?' }, answer: { type: 'open', kinds: ['text'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

describe.each(storageFactories)('live answer updates on $name', (factory) => {
  const t = useTestApp(factory);
  const s = ownerSessions(t);
  const readers: SseReader[] = [];

  async function open(headers: Record<string, string>): Promise<SseReader> {
    const res = await t.request('GET', '/api/v1/answers/stream', { headers });
    expect(res.status, res.status === 200 ? '' : await res.text()).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const reader = new SseReader(res.body!);
    readers.push(reader);
    expect((await reader.next()).comments).toEqual(['connected']);
    return reader;
  }
  const withCookie = (login: Login) => open({ cookie: login.cookie });

  async function publishedFlow(admin: Login): Promise<string> {
    const flowId = uniqueFlowId('live');
    await s.expectStatus(s.as(admin, 'POST', '/api/v1/flows', { id: flowId, definition: textFlow }), 201);
    await s.expectStatus(s.as(admin, 'POST', `/api/v1/flows/${flowId}/versions`), 201);
    return flowId;
  }

  /** A viewer's session that answers `text` (as the widget would: public routes, no credentials). */
  async function viewerAnswers(flowId: string, text: string): Promise<string> {
    const sessionId = uuidv7();
    await s.expectStatus(t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } }), 201);
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const walk = [e.started(), e.viewed('say')];
    const answer = { ...e.viewed('say'), type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: 1, stepId: 'say', answer: { kind: 'text', text }, nextStepId: 'end' } };
    await s.expectStatus(t.request('POST', '/api/v1/events', { body: { events: [...walk, answer] } }), 202);
    return answer.id;
  }

  it('sends a new answer to its workspace only, as the AnswerItem GET shows; then its changes', async () => {
    const adminA = await s.bootstrap('ada@example.org', 'A');
    await s.join(adminA, 'bo@example.org', 'manager');
    const boInA = await s.login('bo@example.org');
    const adminB = await s.newWorkspace(boInA, 'bo@example.org', 'B');
    const flowA = await publishedFlow(adminA);
    const flowB = await publishedFlow(adminB);

    // A's admin by cookie; A's manager (bo, logged in to A) by cookie; an API key of A; B's admin (bo again) by cookie.
    const streamA = await withCookie(adminA);
    const managerA = await withCookie(boInA);
    const made = await s.expectStatus(s.as(adminA, 'POST', '/api/v1/workspace/api-keys', { name: 'live', scopes: ['read'] }), 201);
    const { key } = (await made.json()) as { key: string };
    const keyA = await open({ authorization: `Bearer ${key}` });
    const streamB = await withCookie(adminB);

    const answerId = await viewerAnswers(flowA, 'The <b>board</b> view is too slow');
    const expected = (await (await s.as(adminA, 'GET', `/api/v1/answers/${answerId}`)).json()) as AnswerItem;
    expect(expected).toMatchObject({ id: answerId, flowId: flowA, kind: 'text', text: 'The <b>board</b> view is too slow', backlogItem: null });
    for (const reader of [streamA, managerA, keyA]) {
      const message = await reader.nextMessage();
      expect(message.event).toBe('answer');
      expect(message.id).toBe(answerId);
      // The analysis (#17) is asked for after the commit, beside this feed: the item may show it not yet asked for
      // (null) or pending, whichever the GET or the feed read first.
      const { analysis, ...sent } = JSON.parse(message.data) as AnswerItem;
      const { analysis: _analysis, ...rest } = expected;
      expect(sent).toEqual(rest);
      expect(analysis === null || (analysis.state === 'pending' && analysis.source === 'text'), JSON.stringify(analysis)).toBe(true);
    }

    // PATCH → answer-updated, with the new review state.
    await s.expectStatus(s.as(adminA, 'PATCH', `/api/v1/answers/${answerId}`, { status: 'reviewed', tags: ['slow'] }), 200);
    const updated = await streamA.nextMessage();
    expect(updated.event).toBe('answer-updated');
    expect(JSON.parse(updated.data)).toMatchObject({ id: answerId, status: 'reviewed', tags: ['slow'] });

    // B heard nothing of A's answer: the first thing B's stream says is B's own answer.
    const answerB = await viewerAnswers(flowB, 'Workspace B speaking');
    const first = await streamB.nextMessage();
    expect(first).toMatchObject({ event: 'answer', id: answerB });
    expect(first.data).not.toContain(answerId);
    // And A hears nothing of B's.
    await streamA.expectQuiet(300);
  });

  it('needs credentials, and is in the OpenAPI document as text/event-stream', async () => {
    expect((await t.request('GET', '/api/v1/answers/stream')).status).toBe(401);
    const doc = (await (await t.request('GET', '/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, unknown> }> }>> };
    const get = doc.paths['/api/v1/answers/stream']!.get!;
    expect(get.operationId).toBe('streamAnswers');
    expect(Object.keys(get.responses['200']!.content!)).toEqual(['text/event-stream']);
  });

  afterAll(async () => {
    for (const reader of readers.splice(0)) await reader.close();
  });
});
