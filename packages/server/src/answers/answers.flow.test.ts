import { type AnswerItem, type AnswerList, uuidv7 } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { clipEvent } from '../clips/clip-events.js';
import { eventsFor } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { steppingClock, uniqueFlowId, useTestApp } from '../test-support/test-app.js';

/** start → one step of each answer kind → end. */
const inboxFlow = {
  name: 'Inbox test flow',
  steps: [
    {
      id: 'start',
      prompt: { title: 'Pick one' },
      answer: {
        type: 'choice',
        options: ['say', 'record', 'rate', 'nps', 'contact', 'optional-contact'].map((id) => ({ id, label: id, next: id })),
      },
    },
    { id: 'say', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['text'] }, next: 'end' },
    { id: 'record', prompt: { title: 'Show us' }, answer: { type: 'open', kinds: ['video'] }, next: 'end' },
    { id: 'rate', prompt: { title: 'Rate us' }, answer: { type: 'rating', scale: 5 }, next: 'end' },
    { id: 'nps', prompt: { title: 'Recommend us?' }, answer: { type: 'nps' }, next: 'end' },
    {
      id: 'contact',
      prompt: { title: 'Stay in touch' },
      answer: { type: 'contact', fields: [{ name: 'email', label: 'E-mail', required: true }], consentText: 'You may contact me.' },
      next: 'end',
    },
    { id: 'optional-contact', prompt: { title: 'Maybe' }, answer: { type: 'contact', fields: [{ name: 'email', label: 'E-mail' }] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

const XSS = '<img src=x onerror=alert(1)>';

describe.each(storageFactories)('answers inbox on $name', (factory) => {
  const t = useTestApp(factory, { clock: steppingClock(Date.parse('2026-03-01T10:00:00.000Z')) });
  const flowId = uniqueFlowId('inbox');
  const ids: Record<string, string> = {};
  let clipId = '';
  let retry: unknown[] = [];

  const owner = (method: string, path: string, body?: unknown) => t.request(method, path, { owner: true, ...(body !== undefined ? { body } : {}) });
  async function list(query = ''): Promise<AnswerList> {
    const res = await owner('GET', `/api/v1/answers${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as AnswerList;
  }
  async function all(query = ''): Promise<AnswerItem[]> {
    const out: AnswerItem[] = [];
    let cursor: string | null = null;
    do {
      const page: AnswerList = await list(`${query}${cursor ? `${query ? '&' : '?'}cursor=${cursor}` : ''}`);
      out.push(...page.answers);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  /** A new session that goes to `stepId` and answers there; returns the answer event's id. */
  async function answer(stepId: string, value: unknown, before?: (sessionId: string) => Promise<void>): Promise<string> {
    const sessionId = uuidv7();
    const started = await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } });
    expect(started.status).toBe(201);
    await before?.(sessionId);
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const walk = [e.started(), e.viewed('start'), e.chose('start', stepId, stepId), e.viewed(stepId)];
    const submitted = { ...e.viewed(stepId), type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: 1, stepId, answer: value, nextStepId: 'end' } };
    const events = [...walk, submitted];
    const res = await t.request('POST', '/api/v1/events', { body: { events } });
    expect(res.status, await res.clone().text()).toBe(202);
    retry = events;
    return submitted.id;
  }

  it('stores one answer row per accepted answer event, and none for a retried one', async () => {
    expect((await owner('POST', '/api/v1/flows', { id: flowId, definition: inboxFlow })).status).toBe(201);
    expect((await owner('POST', `/api/v1/flows/${flowId}/versions`)).status).toBe(201);

    ids.broken = await answer('say', { kind: 'text', text: 'The checkout button is broken on mobile' });
    ids.xss = await answer('say', { kind: 'text', text: XSS });
    ids.rating = await answer('rate', { kind: 'rating', value: 4 });
    ids.nps = await answer('nps', { kind: 'nps', value: 9 });
    ids.consented = await answer('contact', { kind: 'contact', fields: { email: 'yes@example.org' }, consent: true });
    ids.withheld = await answer('optional-contact', { kind: 'contact', fields: { email: 'secret@example.org' }, consent: false });
    clipId = `clp_inbox${Date.now()}000000000000`;
    ids.video = await answer('record', { kind: 'video', clipId }, async (sessionId) => {
      const at = new Date().toISOString();
      const clip = {
        id: clipId,
        sessionId,
        stepId: 'record',
        kind: 'video' as const,
        status: 'ready' as const,
        reason: null,
        mimeType: 'video/webm',
        sizeBytes: 10,
        durationSeconds: 12.5,
        width: 64,
        height: 64,
        container: 'mov,mp4,m4a,3gp,3g2,mj2',
        media: [
          { rendition: 'video' as const, key: `clips/${clipId}/video.mp4`, contentType: 'video/mp4', sizeBytes: 10 },
          { rendition: 'poster' as const, key: `clips/${clipId}/poster.jpg`, contentType: 'image/jpeg', sizeBytes: 5 },
        ],
        createdAt: at,
        updatedAt: at,
      };
      await t.storage.clips.insert(clip);
      await t.storage.transcripts.queue({ clipId, sessionId, jobId: null, at });
      const session = (await t.storage.sessions.get(sessionId))!;
      const text = 'I could not find the zebrafish export anywhere';
      const result = { engine: 'whisper' as const, model: 'test', language: 'en', durationSeconds: 12.5, segments: [{ start: 0, end: 3, text }], text };
      const ready = clipEvent('reelback.transcript.ready', session, clip, new Date(), { ...result, processingSeconds: 0.1 });
      expect(await t.storage.transcripts.complete(clipId, { ...result, processingSeconds: 0.1 }, at, ready)).toBe(true);
    });

    // The same batch again (a retry): accepted as duplicates, no second row.
    expect((await t.request('POST', '/api/v1/events', { body: { events: retry } })).status).toBe(202);

    const items = await all();
    expect(items.map((i) => i.id).sort()).toEqual(Object.values(ids).sort());
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(ids.broken)).toMatchObject({
      flowId,
      flowVersion: 1,
      stepId: 'say',
      kind: 'text',
      text: 'The checkout button is broken on mobile',
      value: { kind: 'text', text: 'The checkout button is broken on mobile' },
      clip: null,
      transcriptSnippet: null,
      status: 'new',
      starred: false,
      tags: [],
      note: null,
    });
    expect(byId.get(ids.rating)).toMatchObject({ kind: 'rating', text: null, value: { kind: 'rating', value: 4 } });
    expect(byId.get(ids.nps)).toMatchObject({ kind: 'nps', value: { kind: 'nps', value: 9 } });
    expect(byId.get(ids.consented)!.value).toEqual({ kind: 'contact', fields: { email: 'yes@example.org' }, consent: true });
    expect(byId.get(ids.withheld)!.value).toEqual({ kind: 'contact', consent: false });
    expect(JSON.stringify(items)).not.toContain('secret@example.org');
    expect(byId.get(ids.video)).toMatchObject({
      kind: 'video',
      clip: { id: clipId, status: 'ready', durationSeconds: 12.5, posterUrl: `/api/v1/clips/${clipId}/media/poster` },
      transcriptSnippet: 'I could not find the zebrafish export anywhere',
    });
  });

  it('serves viewer text as the same inert JSON string', async () => {
    const res = await owner('GET', `/api/v1/answers/${ids.xss}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await res.json()) as AnswerItem).text).toBe(XSS);
  });

  it('lists newest first, and cursor pages cover every answer once', async () => {
    const whole = (await list('?limit=100')).answers;
    const sorted = [...whole].sort((a, b) => (a.submittedAt === b.submittedAt ? (a.id < b.id ? 1 : -1) : a.submittedAt < b.submittedAt ? 1 : -1));
    expect(whole.map((a) => a.id)).toEqual(sorted.map((a) => a.id));
    expect(whole[0]!.id).toBe(ids.video);
    const first = await list('?limit=3');
    expect(first.answers).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    const paged = await all('?limit=2');
    expect(paged.map((a) => a.id)).toEqual(whole.map((a) => a.id));
    expect((await owner('GET', '/api/v1/answers?cursor=nonsense')).status).toBe(400);
    expect((await owner('GET', '/api/v1/answers?limit=101')).status).toBe(400);
  });

  it('filters by flow, step, kind, date range and full text', async () => {
    const idsOf = async (query: string) => (await all(query)).map((a) => a.id).sort();
    expect(await idsOf(`?flowId=${flowId}`)).toEqual(Object.values(ids).sort());
    expect((await owner('GET', '/api/v1/answers?flowId=no-such-flow')).status).toBe(404);
    expect(await idsOf('?stepId=say')).toEqual([ids.broken, ids.xss].sort());
    expect(await idsOf('?kind=contact')).toEqual([ids.consented, ids.withheld].sort());
    expect(await idsOf('?kind=video')).toEqual([ids.video]);
    expect(await idsOf('?from=2020-01-01&to=2099-12-31')).toHaveLength(Object.keys(ids).length);
    expect(await idsOf('?from=2099-01-01')).toEqual([]);
    expect(await idsOf('?to=2020-01-01T00:00:00Z')).toEqual([]);
    const video = (await owner('GET', `/api/v1/answers/${ids.video}`).then((r) => r.json())) as AnswerItem;
    expect(await idsOf(`?from=${encodeURIComponent(video.submittedAt)}`)).toEqual([ids.video]);
    expect(await idsOf('?q=checkout')).toEqual([ids.broken]);
    expect(await idsOf('?q=CHECKOUT%20mobile')).toEqual([ids.broken]);
    expect(await idsOf('?q=zebrafish')).toEqual([ids.video]);
    expect(await idsOf('?q=zebra')).toEqual(factory.name === 'sqlite' ? [ids.video] : []);
    expect(await idsOf('?q=nothingsaysthis')).toEqual([]);
    expect(await idsOf('?q=%22%27%29%28*')).toEqual([]);
    expect(await idsOf('?q=broken&kind=rating')).toEqual([]);
  });

  it('patches status, star, note and tags; filters by them; suggests tags', async () => {
    const res = await owner('PATCH', `/api/v1/answers/${ids.broken}`, { status: 'reviewed', starred: true, note: 'Ask design', tags: ['  Bug ', 'UX', 'bug'] });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ id: ids.broken, status: 'reviewed', starred: true, note: 'Ask design', tags: ['bug', 'ux'] });
    expect((await owner('PATCH', `/api/v1/answers/${ids.video}`, { tags: ['bugfix', 'video'] })).status).toBe(200);
    expect((await owner('PATCH', `/api/v1/answers/${ids.rating}`, { status: 'archived' })).status).toBe(200);

    const idsOf = async (query: string) => (await all(query)).map((a) => a.id).sort();
    expect(await idsOf('?status=reviewed')).toEqual([ids.broken]);
    expect(await idsOf('?status=archived')).toEqual([ids.rating]);
    expect(await idsOf('?status=new')).toHaveLength(Object.keys(ids).length - 2);
    expect(await idsOf('?starred=true')).toEqual([ids.broken]);
    expect(await idsOf('?starred=false')).toHaveLength(Object.keys(ids).length - 1);
    expect(await idsOf('?tag=bug')).toEqual([ids.broken]);
    expect(await idsOf('?tag=BUG')).toEqual([ids.broken]);
    expect(await idsOf('?tag=video')).toEqual([ids.video]);

    const tags = async (prefix: string) => ((await (await owner('GET', `/api/v1/answer-tags?prefix=${prefix}`)).json()) as { tags: string[] }).tags;
    expect(await tags('')).toEqual(['bug', 'bugfix', 'ux', 'video']);
    expect(await tags('Bu')).toEqual(['bug', 'bugfix']);
    expect(await tags('%25')).toEqual([]);

    // Tags replace the set; the note can be cleared; untouched fields stay.
    const again = await owner('PATCH', `/api/v1/answers/${ids.broken}`, { tags: [], note: null });
    expect(await again.json()).toMatchObject({ status: 'reviewed', starred: true, note: null, tags: [] });
    expect(await tags('')).toEqual(['bugfix', 'video']);

    expect((await owner('PATCH', `/api/v1/answers/${ids.broken}`, { tags: ['x'.repeat(41)] })).status).toBe(400);
    expect((await owner('PATCH', `/api/v1/answers/${ids.broken}`, { tags: ['   '] })).status).toBe(400);
    expect((await owner('PATCH', `/api/v1/answers/${ids.broken}`, { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).status).toBe(400);
    expect((await owner('PATCH', `/api/v1/answers/${ids.broken}`, { status: 'done' })).status).toBe(400);
    expect((await owner('PATCH', '/api/v1/answers/no-such-answer', { starred: true })).status).toBe(404);
    expect((await owner('GET', '/api/v1/answers/no-such-answer')).status).toBe(404);
  });

  it('lets a manager read answers but not change them', async () => {
    const boot = await owner('POST', '/api/v1/auth/bootstrap', { workspaceName: 'Inbox', email: 'ada@example.org', name: 'Ada', password: 'a long enough password' });
    expect(boot.status, await boot.clone().text()).toBe(201);
    const invite = await owner('POST', '/api/v1/workspace/invites', { role: 'manager' });
    expect(invite.status, await invite.clone().text()).toBe(201);
    const { token } = (await invite.json()) as { token: string };
    const accepted = await t.request('POST', '/api/v1/auth/invites/accept', {
      body: { token, email: 'max@example.org', name: 'Max', password: 'a long enough password' },
    });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    const cookie = accepted.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await accepted.json()) as { csrfToken: string };
    const read = await t.request('GET', '/api/v1/answers', { headers: { cookie } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as AnswerList).answers.length).toBeGreaterThan(0);
    const patch = await t.request('PATCH', `/api/v1/answers/${ids.nps}`, { headers: { cookie, 'x-csrf-token': csrfToken }, body: { starred: true } });
    expect(patch.status).toBe(403);
    expect(((await (await owner('GET', `/api/v1/answers/${ids.nps}`)).json()) as AnswerItem).starred).toBe(false);
  });

  it('goes with its session when the session is deleted', async () => {
    const video = (await (await owner('GET', `/api/v1/answers/${ids.video}`)).json()) as AnswerItem;
    expect((await owner('DELETE', `/api/v1/sessions/${video.sessionId}`)).status).toBe(200);
    expect((await owner('GET', `/api/v1/answers/${ids.video}`)).status).toBe(404);
    const text = (await (await owner('GET', `/api/v1/answers/${ids.broken}`)).json()) as AnswerItem;
    expect((await owner('DELETE', `/api/v1/sessions/${text.sessionId}`)).status).toBe(200);
    expect((await all('?q=checkout')).map((a) => a.id)).toEqual([]);
    if (factory.name === 'sqlite') {
      const db = (t.storage as unknown as { database: import('kysely').Kysely<import('../storage/kysely/schema.js').Database> }).database;
      expect(await db.selectFrom('answers_fts').select('answer_id').where('answer_id', '=', ids.broken!).execute()).toEqual([]);
    }
  });
});
