import { SessionList, SessionRecord, StartSessionResponse, uuidv7 } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { branchingFlow, eventsFor } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

const context = { embedMode: 'inline', pageUrl: 'https://example.com/pricing', utm: { source: 'newsletter' } } as const;

describe.each(storageFactories)('session routes on $name', (factory) => {
  const t = useTestApp(factory);

  /** A flow with `versions` published versions. */
  async function publishedFlow(versions = 1) {
    const id = uniqueFlowId();
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id, definition: branchingFlow } })).status).toBe(201);
    for (let i = 0; i < versions; i++) expect((await t.request('POST', `/api/v1/flows/${id}/versions`, { owner: true })).status).toBe(201);
    return id;
  }

  const start = (body: unknown, headers?: Record<string, string>) => t.request('POST', '/api/v1/sessions', { body, headers });

  describe('POST /api/v1/sessions', () => {
    it('starts a session on the latest version and stores its context', async () => {
      const flowId = await publishedFlow(2);
      const res = await start({ flowId, context }, { origin: 'https://customer.example' });
      expect(res.status).toBe(201);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const session = StartSessionResponse.parse(await res.json());
      expect(session).toEqual({ sessionId: expect.any(String), flowId, flowVersion: 2, startStepId: 'start' });

      const read = await t.request('GET', `/api/v1/sessions/${session.sessionId}`, { owner: true });
      expect(read.status).toBe(200);
      expect(SessionRecord.parse(await read.json())).toEqual({
        id: session.sessionId,
        flowId,
        flowVersion: 2,
        startedAt: expect.any(String),
        completedAt: null,
        context,
        vars: {},
        events: [],
      });
    });

    it('keeps the version the viewer was shown', async () => {
      const flowId = await publishedFlow(2);
      const res = await start({ flowId, flowVersion: 1, context });
      expect(res.status).toBe(201);
      expect((await res.json()).flowVersion).toBe(1);
    });

    it('answers a retried start with the same session (200), and a conflicting one with 409', async () => {
      const flowId = await publishedFlow(2);
      const sessionId = uuidv7();
      const first = await start({ flowId, sessionId, context });
      expect(first.status).toBe(201);
      const firstBody = await first.json();
      const again = await start({ flowId, sessionId, context });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(firstBody);

      const otherFlow = await publishedFlow();
      const conflict = await start({ flowId: otherFlow, sessionId, context });
      expect(conflict.status).toBe(409);
      expect(await conflict.json()).toEqual({
        error: {
          code: 'session-exists',
          message: `session "${sessionId}" exists already for flow "${flowId}" version 2`,
          issues: [{ path: ['sessionId'], message: 'already used for another flow or version' }],
        },
      });
      const otherVersion = await start({ flowId, flowVersion: 1, sessionId, context });
      expect(otherVersion.status).toBe(409);
    });

    it('handles concurrent starts with one session id as one session', async () => {
      const flowId = await publishedFlow();
      const sessionId = uuidv7();
      const results = await Promise.all([1, 2, 3].map(() => start({ flowId, sessionId, context })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    });

    it('answers 404 for an unknown flow, an unpublished flow and an unknown version', async () => {
      const unpublished = uniqueFlowId();
      await t.request('POST', '/api/v1/flows', { owner: true, body: { id: unpublished, definition: branchingFlow } });
      const flowId = await publishedFlow();
      const cases = [
        [{ flowId: 'nope', context }, 'unknown-flow', 'there is no flow "nope"'],
        [{ flowId: unpublished, context }, 'not-published', `flow "${unpublished}" has not been published yet`],
        [{ flowId, flowVersion: 9, context }, 'unknown-version', `flow "${flowId}" has no version 9`],
        [{ flowId: 'nope', flowVersion: 1, context }, 'unknown-flow', 'there is no flow "nope"'],
      ] as const;
      for (const [body, code, message] of cases) {
        const res = await start(body);
        expect(res.status).toBe(404);
        expect((await res.json()).error).toMatchObject({ code, message });
      }
    });

    it('names the field at fault in bad input', async () => {
      const flowId = await publishedFlow();
      const cases: [unknown, (string | number)[]][] = [
        [{ context }, ['flowId']],
        [{ flowId, context: { embedMode: 'popup' } }, ['context', 'embedMode']],
        [{ flowId, flowVersion: 'one', context }, ['flowVersion']],
        [{ flowId, sessionId: '4a9f0f8e-6c1b-4d3e-9a1f-2b3c4d5e6f70', context }, ['sessionId']],
        [[], []],
      ];
      for (const [body, path] of cases) {
        const res = await start(body);
        expect(res.status).toBe(400);
        const error = (await res.json()).error;
        expect(error.code).toBe('invalid-request');
        expect(error.issues[0].path).toEqual(path);
      }
    });

    it('refuses malformed JSON, a wrong content type and an oversized body', async () => {
      const malformed = await start('{"flowId":');
      expect(malformed.status).toBe(400);
      expect((await malformed.json()).error.code).toBe('invalid-json');
      expect(malformed.headers.get('access-control-allow-origin')).toBe('*');

      const text = await start(JSON.stringify({ flowId: 'x', context }), { 'content-type': 'text/plain' });
      expect(text.status).toBe(415);

      const huge = await start({ flowId: 'x', context: { embedMode: 'inline', pageUrl: 'x'.repeat(1024 * 1024) } });
      expect(huge.status).toBe(413);
      expect(await huge.json()).toEqual({ error: { code: 'payload-too-large', message: 'the body is larger than 1048576 bytes' } });
    });

    it('answers a CORS preflight for widgets on other sites', async () => {
      const res = await t.request('OPTIONS', '/api/v1/sessions', {
        headers: { origin: 'https://customer.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')).toBe('POST');
      expect(res.headers.get('access-control-allow-headers')).toBe('Content-Type');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    });
  });

  describe('owner reads', () => {
    it('lists sessions newest first with their events, page by page', async () => {
      const flowId = await publishedFlow();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(StartSessionResponse.parse(await (await start({ flowId, context })).json()).sessionId);
      const e = eventsFor({ sessionId: ids[0]!, flowId, flowVersion: 1 });
      const sent = [e.started(), e.viewed('start')];
      expect((await t.request('POST', '/api/v1/events', { body: { events: sent } })).status).toBe(202);

      const pages: SessionList[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `flowId=${flowId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.request('GET', `/api/v1/sessions?${query}`, { owner: true });
        expect(res.status).toBe(200);
        const page = SessionList.parse(await res.json());
        pages.push(page);
        cursor = page.nextCursor;
      } while (cursor);
      expect(pages.map((p) => p.sessions.length)).toEqual([2, 2, 1]);
      expect(pages.flatMap((p) => p.sessions.map((s) => s.id))).toEqual([...ids].reverse());
      const oldest = pages[2]!.sessions[0]!;
      expect(oldest.events.map((x) => x.event)).toEqual(sent);
      expect(oldest.events[0]!.receivedAt).toEqual(expect.any(String));
    });

    it('defaults to 50 per page and filters by flow', async () => {
      const flowId = await publishedFlow();
      await start({ flowId, context });
      const res = await t.request('GET', `/api/v1/sessions?flowId=${flowId}`, { owner: true });
      const page = SessionList.parse(await res.json());
      expect(page.sessions.map((s) => s.flowId)).toEqual([flowId]);
      expect(page.nextCursor).toBeNull();
      const all = SessionList.parse(await (await t.request('GET', '/api/v1/sessions', { owner: true })).json());
      expect(all.sessions.length).toBeGreaterThan(1);
    });

    it('refuses bad queries and answers 404 for unknown ids', async () => {
      const cases: [string, number, string, (string | number)[] | undefined][] = [
        ['/api/v1/sessions?limit=0', 400, 'invalid-request', ['limit']],
        ['/api/v1/sessions?limit=101', 400, 'invalid-request', ['limit']],
        ['/api/v1/sessions?limit=ten', 400, 'invalid-request', ['limit']],
        ['/api/v1/sessions?cursor=garbage', 400, 'invalid-cursor', ['cursor']],
        ['/api/v1/sessions?flowId=nope', 404, 'unknown-flow', ['flowId']],
        [`/api/v1/sessions/${uuidv7()}`, 404, 'unknown-session', undefined],
        ['/api/v1/sessions/not-a-uuid', 400, 'invalid-request', ['sessionId']],
      ];
      for (const [path, status, code, issuePath] of cases) {
        const res = await t.request('GET', path, { owner: true });
        const body = await res.json();
        expect([path, res.status, body.error.code, body.error.issues?.[0]?.path]).toEqual([path, status, code, issuePath]);
      }
    });
  });
});
