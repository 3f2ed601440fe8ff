import { type AnswerItem, type AnswerList, uuidv7 } from '@reelback/shared';
import { sql } from 'kysely';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SseReader } from '../test-support/sse-reader.js';
import { eventsFor } from '../test-support/fixtures.js';
import { type Login, ownerSessions } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';

const TOKEN = 'github_pat_flowtest_0123456789abcdef';
const ISSUES = 'https://api.github.com/repos/octocat/Hello-World/issues';
const GITHUB = { kind: 'github', owner: 'octocat', repo: 'Hello-World', token: TOKEN, labels: ['from-reelback'], timeoutMs: 2000 };

const flow = {
  name: 'Checkout survey',
  steps: [
    { id: 'say', prompt: { title: 'What slowed you down?' }, answer: { type: 'open', kinds: ['text'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterEach(() => msw.resetHandlers());
afterAll(() => msw.close());

interface Seen {
  authorization: string | null;
  body: { title: string; body: string; labels: string[] };
}

/** GitHub's "Create an issue": 201 with the issue, numbered in order; every request is kept. */
function githubCreates(seen: Seen[], wait = 0) {
  msw.use(
    http.post(ISSUES, async ({ request }) => {
      seen.push({ authorization: request.headers.get('authorization'), body: (await request.json()) as Seen['body'] });
      if (wait) await delay(wait);
      const number = 1346 + seen.length;
      return HttpResponse.json({ number, html_url: `https://github.com/octocat/Hello-World/issues/${number}`, state: 'open' }, { status: 201 });
    }),
  );
}

describe.each(storageFactories)('backlog hand-off on $name', (factory) => {
  const t = useTestApp(factory);
  const s = ownerSessions(t);
  let admin: Login;
  let owner: Login;
  let manager: Login;
  let flowId: string;

  async function viewerAnswers(text: string): Promise<{ answerId: string; sessionId: string }> {
    const sessionId = uuidv7();
    await s.expectStatus(t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } }), 201);
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const walk = [e.started(), e.viewed('say')];
    const answer = { ...e.viewed('say'), type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: 1, stepId: 'say', answer: { kind: 'text', text }, nextStepId: 'end' } };
    await s.expectStatus(t.request('POST', '/api/v1/events', { body: { events: [...walk, answer] } }), 202);
    return { answerId: answer.id, sessionId };
  }

  const handOff = (who: Login, answerId: string, body: unknown = {}) => s.as(who, 'POST', `/api/v1/answers/${answerId}/backlog-item`, body);
  const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; retryable?: boolean; issues?: { path: unknown[] }[] } }).error;

  it('sets up: an admin, an owner and a manager in one workspace, and a published flow', async () => {
    admin = await s.bootstrap('ada@example.org', 'Acme');
    owner = await s.join(admin, 'owen@example.org', 'owner');
    manager = await s.join(admin, 'mia@example.org', 'manager');
    flowId = uniqueFlowId('backlog');
    await s.expectStatus(s.as(admin, 'POST', '/api/v1/flows', { id: flowId, definition: flow }), 201);
    await s.expectStatus(s.as(admin, 'POST', `/api/v1/flows/${flowId}/versions`), 201);
  });

  it('without a tracker: 409 no_tracker; tracker settings are for admins only', async () => {
    const { answerId } = await viewerAnswers('Nothing to hand off yet.');
    const res = await s.expectStatus(handOff(owner, answerId), 409);
    expect(await errorOf(res)).toMatchObject({ code: 'no_tracker', message: expect.stringMatching(/No backlog tracker/) });
    await s.expectStatus(handOff(manager, answerId), 403);
    await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/tracker/check'), 409);

    for (const who of [owner, manager]) {
      await s.expectStatus(s.as(who, 'GET', '/api/v1/workspace/tracker'), 403);
      await s.expectStatus(s.as(who, 'PUT', '/api/v1/workspace/tracker', GITHUB), 403);
      await s.expectStatus(s.as(who, 'DELETE', '/api/v1/workspace/tracker'), 403);
    }
    expect(await (await s.expectStatus(s.as(admin, 'GET', '/api/v1/workspace/tracker'), 200)).json()).toEqual({ tracker: null });
  });

  it('PUT checks the settings (400 naming the field), stores the secret sealed, and shows it redacted', async () => {
    const bad = await s.expectStatus(s.as(admin, 'PUT', '/api/v1/workspace/tracker', { ...GITHUB, owner: 'not a user!' }), 400);
    expect((await errorOf(bad)).issues?.[0]?.path).toEqual(['owner']);
    const unknownKind = await s.expectStatus(s.as(admin, 'PUT', '/api/v1/workspace/tracker', { kind: 'trello' }), 400);
    expect((await errorOf(unknownKind)).issues?.[0]?.path).toEqual(['kind']);
    const { token: _, ...noToken } = GITHUB;
    const missing = await s.expectStatus(s.as(admin, 'PUT', '/api/v1/workspace/tracker', noToken), 400);
    expect(await errorOf(missing)).toMatchObject({ message: expect.stringMatching(/^token is required/), issues: [{ path: ['token'] }] });

    const put = await s.expectStatus(s.as(admin, 'PUT', '/api/v1/workspace/tracker', GITHUB), 200);
    const shown = { tracker: { ...GITHUB, token: 'gith…ef', apiBase: 'https://api.github.com' } };
    expect(await put.json()).toEqual(shown);
    expect(await (await s.as(admin, 'GET', '/api/v1/workspace/tracker')).json()).toEqual(shown);

    const db = (t.storage as KyselyStorage).database;
    const rows = await sql<{ workspace_id: string; kind: string; sealed: string }>`select workspace_id, kind, sealed from workspace_trackers`.execute(db);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ workspace_id: admin.workspaceId, kind: 'github' });
    expect(rows.rows[0]!.sealed).toMatch(/^v1\./);
    expect(rows.rows[0]!.sealed).not.toContain('flowtest');
  });

  it('keeps the stored secret when it is left out or sent redacted, not when the kind changes', async () => {
    const { token: _, ...noToken } = GITHUB;
    await s.expectStatus(s.as(admin, 'PUT', '/api/v1/workspace/tracker', { ...noToken, labels: ['feedback'] }), 200);
    await s.expectStatus(s.as(admin, 'PUT', '/api/v1/workspace/tracker', { ...GITHUB, labels: ['feedback'], token: 'gith…ef' }), 200);
    const other = await s.expectStatus(s.as(admin, 'PUT', '/api/v1/workspace/tracker', { kind: 'webhook', url: 'https://hooks.example.org/in' }), 400);
    expect((await errorOf(other)).issues?.[0]?.path).toEqual(['secret']);
    const redactedElsewhere = await s.expectStatus(s.as(admin, 'PUT', '/api/v1/workspace/tracker', { kind: 'webhook', url: 'https://hooks.example.org/in', secret: 'gith…ef' }), 400);
    expect((await errorOf(redactedElsewhere)).issues?.[0]?.path).toEqual(['secret']);

    // The check calls GitHub with the token stored first.
    let authorization: string | null = null;
    msw.use(
      http.get('https://api.github.com/repos/octocat/Hello-World', ({ request }) => {
        authorization = request.headers.get('authorization');
        return HttpResponse.json({ full_name: 'octocat/Hello-World', has_issues: true });
      }),
    );
    expect(await (await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/tracker/check'), 200)).json()).toEqual({ ok: true });
    expect(authorization).toBe(`Bearer ${TOKEN}`);
    expect(await (await s.as(admin, 'GET', '/api/v1/workspace/tracker')).json()).toMatchObject({ tracker: { labels: ['feedback'] } });
  });

  it('makes a GitHub issue of an answer once (201, then 200 without a second request), and tells the live stream', async () => {
    const { answerId } = await viewerAnswers('The board view is too slow. Please add a <b>dark mode</b> [now](javascript:alert(1))');
    await s.expectStatus(s.as(owner, 'PATCH', `/api/v1/answers/${answerId}`, { tags: ['performance', 'dark mode'] }), 200);
    const streamRes = await s.as(manager, 'GET', '/api/v1/answers/stream');
    const stream = new SseReader(streamRes.body!);
    await stream.next();

    const seen: Seen[] = [];
    githubCreates(seen);
    const res = await s.expectStatus(handOff(owner, answerId, { at: 12.5 }), 201);
    const answer = (await res.json()) as AnswerItem;
    expect(answer).toMatchObject({
      id: answerId,
      tags: ['dark mode', 'performance'],
      backlogItem: { url: 'https://github.com/octocat/Hello-World/issues/1347', key: 'octocat/Hello-World#1347', tracker: 'github' },
    });
    expect(Date.parse(answer.backlogItem!.createdAt)).not.toBeNaN();

    expect(seen).toHaveLength(1);
    expect(seen[0]!.authorization).toBe(`Bearer ${TOKEN}`);
    const link = `http://localhost/app/answers/${answerId}?t=12.5`;
    expect(seen[0]!.body.title).toBe('The board view is too slow');
    expect(seen[0]!.body.labels).toEqual(['feedback', 'dark mode', 'performance']);
    expect(seen[0]!.body.body).toContain('- **Flow:** Checkout survey');
    expect(seen[0]!.body.body).toContain('- **Step:** What slowed you down?');
    expect(seen[0]!.body.body).toContain('- **Answer:** text');
    expect(seen[0]!.body.body).toContain(`[Open the answer](${link})`);
    expect(seen[0]!.body.body).toContain('&lt;b&gt;dark mode&lt;/b&gt; \\[now\\]\\(javascript:alert\\(1\\)\\)');

    const updated = await stream.nextMessage();
    expect(updated.event).toBe('answer-updated');
    expect(JSON.parse(updated.data)).toMatchObject({ id: answerId, backlogItem: answer.backlogItem });
    await stream.close();

    const again = await s.expectStatus(handOff(admin, answerId), 200);
    expect(await again.json()).toEqual(answer);
    expect(seen).toHaveLength(1);
    expect(await (await s.as(manager, 'GET', `/api/v1/answers/${answerId}`)).json()).toEqual(answer);
    const list = (await (await s.as(manager, 'GET', '/api/v1/answers')).json()) as AnswerList;
    expect(list.answers.find((a) => a.id === answerId)?.backlogItem).toEqual(answer.backlogItem);
    expect(list.answers.filter((a) => a.id !== answerId).every((a) => a.backlogItem === null)).toBe(true);
  });

  it('two clicks at once make one item', async () => {
    const { answerId } = await viewerAnswers('Clicked twice.');
    const seen: Seen[] = [];
    githubCreates(seen, 150);
    const [a, b] = await Promise.all([handOff(owner, answerId), handOff(admin, answerId)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(seen).toHaveLength(1);
    const [x, y] = (await Promise.all([a.json(), b.json()])) as AnswerItem[];
    expect(x!.backlogItem).toEqual(y!.backlogItem);
  });

  it("tracker refusals are 502 tracker_failed, the tracker's words in the server log only, and leave no item (a retry works)", async () => {
    const { answerId } = await viewerAnswers('Refused at first.');
    msw.use(http.post(ISSUES, () => HttpResponse.json({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' }, { status: 401 })));
    const refused = await s.expectStatus(handOff(owner, answerId), 502);
    expect(await refused.json()).toEqual({
      error: { code: 'tracker_failed', message: 'GitHub refused the credentials (HTTP 401)', retryable: false },
    });
    expect(t.errors).toContain('Bad credentials');
    expect(refused.headers.get('retry-after')).toBeNull();

    msw.use(http.post(ISSUES, () => HttpResponse.json({ message: 'Service unavailable' }, { status: 503, headers: { 'retry-after': '30' } })));
    const busy = await s.expectStatus(handOff(owner, answerId), 502);
    expect(await errorOf(busy)).toMatchObject({ code: 'tracker_failed', retryable: true });
    expect(busy.headers.get('retry-after')).toBe('30');
    expect(await (await s.as(owner, 'GET', `/api/v1/answers/${answerId}`)).json()).toMatchObject({ backlogItem: null });

    const seen: Seen[] = [];
    githubCreates(seen);
    await s.expectStatus(handOff(owner, answerId), 201);
    expect(seen).toHaveLength(1);
  });

  it('the claim row decides between processes: one claim wins, a pending one is 409, a stale one is taken over', async () => {
    const { answerId } = await viewerAnswers('Claimed elsewhere.');
    const store = t.storage.backlog;
    const now = new Date();
    const iso = (ms: number) => new Date(now.getTime() + ms).toISOString();
    expect(await store.claimItem(answerId, 'github', iso(0), iso(-300_000))).toEqual({ state: 'claimed' });
    expect(await store.claimItem(answerId, 'github', iso(1), iso(-299_999))).toEqual({ state: 'pending' });
    // Another process is calling the tracker for this answer: this one makes nothing.
    const seen: Seen[] = [];
    githubCreates(seen);
    const pending = await s.expectStatus(handOff(owner, answerId), 409);
    expect((await errorOf(pending)).code).toBe('backlog-item-pending');
    expect(seen).toHaveLength(0);
    // Its process died: once the claim is stale (5 minutes), the next one takes over.
    expect(await store.claimItem(answerId, 'github', iso(400_000), iso(100_000))).toEqual({ state: 'claimed' });
    const item = { url: 'https://github.com/octocat/Hello-World/issues/9', key: 'octocat/Hello-World#9', tracker: 'github' as const, createdAt: iso(400_001) };
    await store.completeItem(answerId, item);
    expect(await store.claimItem(answerId, 'github', iso(500_000), iso(500_000))).toEqual({ state: 'created', item });
    await store.releaseItem(answerId); // only pending claims are released
    expect(await (await s.as(owner, 'GET', `/api/v1/answers/${answerId}`)).json()).toMatchObject({ backlogItem: item });
  });

  it('404 for an unknown answer; 400 for a bad body', async () => {
    const missing = await s.expectStatus(handOff(owner, '01900000-0000-7000-8000-00000000b000'), 404);
    expect((await errorOf(missing)).code).toBe('unknown-answer');
    const { answerId } = await viewerAnswers('Bad bodies.');
    const bad = await s.expectStatus(handOff(owner, answerId, { at: -1 }), 400);
    expect((await errorOf(bad)).issues?.[0]?.path).toEqual(['at']);
  });

  it("an erased viewer's answers take their backlog rows with them (the tracker's issue stays)", async () => {
    const { answerId, sessionId } = await viewerAnswers('Erase me later.');
    githubCreates([]);
    await s.expectStatus(handOff(owner, answerId), 201);
    const db = (t.storage as KyselyStorage).database;
    const count = async () => Number((await sql<{ n: number | string }>`select count(*) as n from answer_backlog_items where answer_id = ${answerId}`.execute(db)).rows[0]!.n);
    expect(await count()).toBe(1);
    await s.expectStatus(s.as(owner, 'DELETE', `/api/v1/sessions/${sessionId}`), 200);
    expect(await count()).toBe(0);
  });

  it('DELETE removes the settings (204), and hand-offs are 409 again', async () => {
    await s.expectStatus(s.as(admin, 'DELETE', '/api/v1/workspace/tracker'), 204);
    expect(await (await s.as(admin, 'GET', '/api/v1/workspace/tracker')).json()).toEqual({ tracker: null });
    const { answerId } = await viewerAnswers('After the tracker went.');
    expect((await errorOf(await s.expectStatus(handOff(owner, answerId), 409))).code).toBe('no_tracker');
  });
});
