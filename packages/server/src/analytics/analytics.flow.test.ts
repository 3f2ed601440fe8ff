import { type AnswerValue, type FlowAnalytics, type FlowDefinitionInput, type SessionContext, type AnalyticsTimeseries, uuidv7 } from '@reelback/shared';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

/**
 * A hand-built fixture of sessions, sent through the real API (POST /sessions, POST /events) with the server clock
 * set for each, in a workspace on Europe/Berlin time. Every expected number below is counted by hand from the
 * table of sessions; nothing is computed from the data.
 *
 * The flow: intro (choice, with a video: yes → rate, no → nps; v2 adds maybe → say) → rate (1–5) → nps → say
 * (typed text) → end.
 *
 * | session | version | created (UTC)       | Berlin         | device  | referrer                         | utm                      | embed  | path                                                                      |
 * |---------|---------|---------------------|----------------|---------|----------------------------------|--------------------------|--------|---------------------------------------------------------------------------|
 * | Z       | 1       | 03-27 12:00         | 03-27 13:00    | desktop | —                                | —                        | inline | complete (no; nps 3; text) — before the range                             |
 * | A       | 1       | 03-28 22:30         | 03-28 23:30    | desktop | https://News.Example.com/a?x=1   | newsletter/email/spring  | inline | video 25/50/75; yes 10 s; rate 4 after 5 s; nps 10 after 6 s; text after 20 s; complete (03-28 22:31) |
 * | B       | 1       | 03-28 23:30         | 03-29 00:30    | mobile  | https://www.google.com/          | —                        | bubble | video 25; drops at intro                                                  |
 * | C       | 1       | 03-29 00:30         | 03-29 01:30    | mobile  | https://www.google.com/          | google/cpc               | inline | video 25/50/75/100; no 20 s; nps 6 after 10 s; drops at say               |
 * | D       | 1       | 03-29 01:30 (DST)   | 03-29 03:30    | desktop | —                                | —                        | inline | reloads intro (view sent twice); yes 12 s; reloads rate; drops at rate    |
 * | E       | 1       | 03-29 10:00         | 03-29 12:00    | tablet  | https://news.example.com:8443/x  | —                        | script | first batch sent twice; yes 8 s; rate 2 after 3 s; nps 8 after 7 s; text after 9 s; complete 03-29 22:30 UTC (03-30 Berlin) |
 * | F       | 2       | 03-29 22:30         | 03-30 00:30    | desktop | https://news.example.com/        | newsletter/email/spring  | inline | maybe 6 s; text after 30 s; complete (03-29 22:35)                        |
 * | G       | 2       | 03-30 08:00         | 03-30 10:00    | mobile  | https://www.google.com/          | —                        | inline | no 14 s; nps 9 after 4 s; drops at say                                    |
 * | H       | 2       | 03-30 09:00         | 03-30 11:00    | mobile  | —                                | —                        | inline | created (widget shown), no event                                          |
 *
 * Europe/Berlin moves from +01:00 to +02:00 at 2026-03-29 01:00 UTC, so local 29 March has 23 hours.
 */

const definitionV1 = {
  name: 'Analytics fixture',
  steps: [
    {
      id: 'intro',
      prompt: { title: 'Want a demo?', video: { src: '/media/intro.mp4' } },
      answer: {
        type: 'choice',
        options: [
          { id: 'yes', label: 'Yes please', next: 'rate' },
          { id: 'no', label: 'No thanks', next: 'nps' },
        ],
      },
    },
    { id: 'rate', prompt: { title: 'Rate the demo' }, answer: { type: 'rating', scale: 5 }, next: 'nps' },
    { id: 'nps', prompt: { title: 'Recommend us?' }, answer: { type: 'nps' }, next: 'say' },
    { id: 'say', prompt: { title: 'Anything else?' }, answer: { type: 'open', kinds: ['text'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

const definitionV2 = {
  ...definitionV1,
  steps: [
    {
      id: 'intro',
      prompt: { title: 'Want a demo now?', video: { src: '/media/intro.mp4' } },
      answer: {
        type: 'choice',
        options: [
          { id: 'yes', label: 'Yes please!', next: 'rate' },
          { id: 'no', label: 'No thanks', next: 'nps' },
          { id: 'maybe', label: 'Maybe', next: 'say' },
        ],
      },
    },
    ...definitionV1.steps.slice(1),
  ],
} satisfies FlowDefinitionInput;

const RANGE = 'from=2026-03-28&to=2026-03-31';

describe.each(storageFactories)('analytics on $name', (factory) => {
  let now = Date.parse('2026-03-01T00:00:00Z');
  const t = useTestApp(factory, { clock: { now: () => new Date(now) } });
  const flowId = uniqueFlowId('analytics');
  const at = (iso: string) => {
    now = Date.parse(iso);
  };

  async function ok(res: Response | Promise<Response>, status = 200): Promise<Response> {
    const r = await res;
    expect(r.status, await r.clone().text()).toBe(status);
    return r;
  }

  /** Creates a session at server time `created` and returns a maker of its events, timed `s` seconds after it. */
  async function session(created: string, flowVersion: number, context: SessionContext) {
    at(created);
    const sessionId = uuidv7();
    await ok(t.request('POST', '/api/v1/sessions', { body: { flowId, flowVersion, sessionId, context } }), 201);
    const base = Date.parse(created);
    const ref = { sessionId, flowId, flowVersion };
    const ev = (type: string, s: number, data: Record<string, unknown>) => ({
      specversion: '1.0',
      id: uuidv7(),
      source: 'https://example.com/page',
      // Viewer clocks send any offset: +01:00 here, to check it is read as an instant.
      time: new Date(base + s * 1000 + 3_600_000).toISOString().replace('Z', '+01:00'),
      type: `reelback.${type}`,
      data: { ...ref, ...data },
    });
    return {
      started: () => ev('session.started', 0, { context }),
      viewed: (stepId: string, s: number) => ev('step.viewed', s, { stepId }),
      video: (stepId: string, percent: number, s: number) => ev('video.progressed', s, { stepId, percent }),
      chose: (optionId: string, nextStepId: string, s: number) => ev('choice.selected', s, { stepId: 'intro', optionId, nextStepId }),
      answered: (stepId: string, answer: AnswerValue, nextStepId: string, s: number) => ev('answer.submitted', s, { stepId, answer, nextStepId }),
      completed: (s: number) => ev('session.completed', s, { endStepId: 'end' }),
    };
  }

  /** Sends a batch at server time `received`; returns how many were accepted and how many were duplicates. */
  async function send(received: string, events: unknown[]) {
    at(received);
    const res = await ok(t.request('POST', '/api/v1/events', { body: { events } }), 202);
    const body = (await res.json()) as { accepted: string[]; duplicates: string[]; rejected: unknown[] };
    expect(body.rejected).toEqual([]);
    return { accepted: body.accepted.length, duplicates: body.duplicates.length };
  }

  const rating = (value: number): AnswerValue => ({ kind: 'rating', value });
  const nps = (value: number): AnswerValue => ({ kind: 'nps', value });
  const text = (words: string): AnswerValue => ({ kind: 'text', text: words });

  beforeAll(async () => {
    await ok(
      t.request('POST', '/api/v1/auth/bootstrap', {
        owner: true,
        body: { workspaceName: 'Berlin', email: 'ada@example.org', name: 'Ada', password: 'a long enough password', timeZone: 'Europe/Berlin' },
      }),
      201,
    );
    await ok(t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: definitionV1 } }), 201);
    await ok(t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true }), 201);
    await ok(t.request('PUT', `/api/v1/flows/${flowId}`, { owner: true, body: { definition: definitionV2 } }));
    await ok(t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true }), 201);

    const desktop = { embedMode: 'inline', device: 'desktop' } as const;
    const newsletter = { source: 'newsletter', medium: 'email', campaign: 'spring' };

    const z = await session('2026-03-27T12:00:00Z', 1, desktop);
    await send('2026-03-27T12:05:00Z', [
      z.started(), z.viewed('intro', 0), z.chose('no', 'nps', 5), z.viewed('nps', 5), z.answered('nps', nps(3), 'say', 9),
      z.viewed('say', 9), z.answered('say', text('meh'), 'end', 20), z.viewed('end', 20), z.completed(20),
    ]);

    const a = await session('2026-03-28T22:30:00Z', 1, { ...desktop, referrer: 'https://News.Example.com/a?x=1', utm: newsletter });
    await send('2026-03-28T22:31:00Z', [
      a.started(), a.viewed('intro', 0), a.video('intro', 25, 2), a.video('intro', 50, 4), a.video('intro', 75, 6),
      a.chose('yes', 'rate', 10), a.viewed('rate', 10), a.answered('rate', rating(4), 'nps', 15), a.viewed('nps', 15),
      a.answered('nps', nps(10), 'say', 21), a.viewed('say', 21), a.answered('say', text('great'), 'end', 41), a.viewed('end', 41), a.completed(41),
    ]);

    const google = 'https://www.google.com/';
    const b = await session('2026-03-28T23:30:00Z', 1, { embedMode: 'bubble', device: 'mobile', referrer: google });
    await send('2026-03-28T23:30:10Z', [b.started(), b.viewed('intro', 0), b.video('intro', 25, 3)]);

    const c = await session('2026-03-29T00:30:00Z', 1, { embedMode: 'inline', device: 'mobile', referrer: google, utm: { source: 'google', medium: 'cpc' } });
    await send('2026-03-29T00:31:00Z', [
      c.started(), c.viewed('intro', 0), c.video('intro', 25, 2), c.video('intro', 50, 4), c.video('intro', 75, 6), c.video('intro', 100, 8),
      c.chose('no', 'nps', 20), c.viewed('nps', 20), c.answered('nps', nps(6), 'say', 30), c.viewed('say', 30),
    ]);

    // D reloads: the widget sends the view of the step on screen again (a new event, stored, counted once).
    const d = await session('2026-03-29T01:30:00Z', 1, desktop);
    await send('2026-03-29T01:30:01Z', [d.started(), d.viewed('intro', 0)]);
    await send('2026-03-29T01:30:06Z', [d.viewed('intro', 5), d.chose('yes', 'rate', 12), d.viewed('rate', 12)]);
    expect(await send('2026-03-29T01:30:21Z', [d.viewed('rate', 20)])).toEqual({ accepted: 1, duplicates: 0 });

    // E's first batch is retried as a whole: every event in it is a duplicate the second time.
    const e = await session('2026-03-29T10:00:00Z', 1, { embedMode: 'script', device: 'tablet', referrer: 'https://news.example.com:8443/x' });
    const first = [e.started(), e.viewed('intro', 0), e.chose('yes', 'rate', 8), e.viewed('rate', 8), e.answered('rate', rating(2), 'nps', 11), e.viewed('nps', 11)];
    expect(await send('2026-03-29T10:00:20Z', first)).toEqual({ accepted: 6, duplicates: 0 });
    expect(await send('2026-03-29T10:00:40Z', first)).toEqual({ accepted: 0, duplicates: 6 });
    await send('2026-03-29T22:30:00Z', [
      e.answered('nps', nps(8), 'say', 18), e.viewed('say', 18), e.answered('say', text('ok'), 'end', 27), e.viewed('end', 27), e.completed(27),
    ]);

    const f = await session('2026-03-29T22:30:00Z', 2, { ...desktop, referrer: 'https://news.example.com/', utm: newsletter });
    await send('2026-03-29T22:35:00Z', [
      f.started(), f.viewed('intro', 0), f.chose('maybe', 'say', 6), f.viewed('say', 6), f.answered('say', text('later'), 'end', 36), f.viewed('end', 36), f.completed(36),
    ]);

    const g = await session('2026-03-30T08:00:00Z', 2, { embedMode: 'inline', device: 'mobile', referrer: google });
    await send('2026-03-30T08:01:00Z', [g.started(), g.viewed('intro', 0), g.chose('no', 'nps', 14), g.viewed('nps', 14), g.answered('nps', nps(9), 'say', 18), g.viewed('say', 18)]);

    await session('2026-03-30T09:00:00Z', 2, { embedMode: 'inline', device: 'mobile' });
    at('2026-04-01T00:00:00Z');
  });

  const get = async <T>(query: string, path = 'analytics'): Promise<T> =>
    (await (await ok(t.request('GET', `/api/v1/flows/${flowId}/${path}?${query}`, { owner: true }))).json()) as T;

  const step = (body: FlowAnalytics, stepId: string) => body.steps.find((s) => s.stepId === stepId);

  it('counts the funnel, drop-off, time on step and video marks of every version, once per session', async () => {
    const body = await get<FlowAnalytics>(RANGE);
    expect(body.timeZone).toBe('Europe/Berlin');
    // Local midnights: 28 March is still +01:00, 31 March is +02:00.
    expect([body.from, body.to]).toEqual(['2026-03-27T23:00:00.000Z', '2026-03-30T22:00:00.000Z']);
    expect(body.version).toBeNull();
    expect(body.summary).toEqual({ impressions: 8, starts: 7, completions: 3, completionRate: 3 / 7 });
    expect(body.steps.map((s) => s.stepId)).toEqual(['intro', 'rate', 'nps', 'say', 'end']);
    expect(step(body, 'intro')).toEqual({
      stepId: 'intro',
      title: 'Want a demo now?',
      type: 'choice',
      reached: 7,
      answered: 6,
      dropped: 1,
      // A 10, C 20, D 12 (from its first view; the reload's view does not restart it), E 8, F 6, G 14.
      medianTimeOnStepMs: 11_000,
      video: { p25: 3, p50: 2, p75: 2, p100: 1 },
    });
    expect(step(body, 'rate')).toMatchObject({ reached: 3, answered: 2, dropped: 1, medianTimeOnStepMs: 4_000, video: { p25: 0, p50: 0, p75: 0, p100: 0 } });
    // A 6, C 10, E 7 (its answer came in a later batch), G 4.
    expect(step(body, 'nps')).toMatchObject({ reached: 4, answered: 4, dropped: 0, medianTimeOnStepMs: 6_500 });
    expect(step(body, 'say')).toMatchObject({ reached: 5, answered: 3, dropped: 2, medianTimeOnStepMs: 20_000 });
    expect(step(body, 'end')).toMatchObject({ title: 'Thanks', type: 'end', reached: 3, answered: 0, dropped: 0, medianTimeOnStepMs: null });
  });

  it('splits choices with the labels of the version, and counts ratings, NPS and answers by kind', async () => {
    const body = await get<FlowAnalytics>(RANGE);
    expect(body.choices).toEqual([
      {
        stepId: 'intro',
        title: 'Want a demo now?',
        total: 6,
        options: [
          { optionId: 'yes', label: 'Yes please!', count: 3, share: 3 / 6 },
          { optionId: 'no', label: 'No thanks', count: 2, share: 2 / 6 },
          { optionId: 'maybe', label: 'Maybe', count: 1, share: 1 / 6 },
        ],
      },
    ]);
    expect(body.ratings).toEqual([
      {
        stepId: 'rate',
        title: 'Rate the demo',
        scale: 5,
        count: 2,
        average: 3,
        distribution: [
          { value: 1, count: 0 },
          { value: 2, count: 1 },
          { value: 3, count: 0 },
          { value: 4, count: 1 },
          { value: 5, count: 0 },
        ],
      },
    ]);
    // A 10 and G 9 promote, E 8 is passive, C 6 detracts: 50 % − 25 %.
    expect(body.nps).toEqual([
      {
        stepId: 'nps',
        title: 'Recommend us?',
        count: 4,
        promoters: 2,
        passives: 1,
        detractors: 1,
        score: 25,
        distribution: Array.from({ length: 11 }, (_, value) => ({ value, count: [6, 8, 9, 10].includes(value) ? 1 : 0 })),
      },
    ]);
    expect(body.answersByKind).toEqual({ text: 3, rating: 2, nps: 4, contact: 0, video: 0, audio: 0 });
  });

  it('narrows to one published version, with that version’s titles and labels', async () => {
    const body = await get<FlowAnalytics>(`${RANGE}&version=1`);
    expect(body.version).toBe(1);
    expect(body.summary).toEqual({ impressions: 5, starts: 5, completions: 2, completionRate: 2 / 5 });
    expect(step(body, 'intro')).toMatchObject({ title: 'Want a demo?', reached: 5, answered: 4, dropped: 1, medianTimeOnStepMs: 11_000 });
    expect(body.choices[0]!.options).toEqual([
      { optionId: 'yes', label: 'Yes please', count: 3, share: 3 / 4 },
      { optionId: 'no', label: 'No thanks', count: 1, share: 1 / 4 },
    ]);
    expect(body.nps[0]).toMatchObject({ count: 3, promoters: 1, passives: 1, detractors: 1, score: 0 });
  });

  it('filters by segment: device, referrer host, utm and embed mode', async () => {
    const summary = async (q: string) => (await get<FlowAnalytics>(`${RANGE}&${q}`)).summary;
    expect(await summary('device=mobile')).toEqual({ impressions: 4, starts: 3, completions: 0, completionRate: 0 });
    // News.Example.com and news.example.com:8443 are the same host.
    expect(await summary('referrer=news.example.com')).toEqual({ impressions: 3, starts: 3, completions: 3, completionRate: 1 });
    expect(await summary('referrer=NEWS.example.com&utmSource=newsletter&utmMedium=email&utmCampaign=spring')).toMatchObject({ impressions: 2, completions: 2 });
    expect(await summary('utmSource=google')).toMatchObject({ impressions: 1, starts: 1, completions: 0 });
    expect(await summary('embedMode=bubble')).toMatchObject({ impressions: 1, starts: 1, completions: 0 });
    expect(await summary('device=mobile&embedMode=script')).toEqual({ impressions: 0, starts: 0, completions: 0, completionRate: null });
    const mobile = await get<FlowAnalytics>(`${RANGE}&device=mobile`);
    expect(step(mobile, 'intro')).toMatchObject({ reached: 3, answered: 2, dropped: 1, video: { p25: 2, p50: 1, p75: 1, p100: 1 } });
    expect(mobile.filters).toEqual({ device: 'mobile' });
  });

  it('ranges on creation time: a session before the range is not counted', async () => {
    const all = await get<FlowAnalytics>('from=2026-03-27&to=2026-03-31');
    expect(all.summary).toEqual({ impressions: 9, starts: 8, completions: 4, completionRate: 4 / 8 });
    const only = await get<FlowAnalytics>('from=2026-03-27T12:00:00Z&to=2026-03-27T12:00:00.001Z');
    expect(only.summary).toEqual({ impressions: 1, starts: 1, completions: 1, completionRate: 1 });
    expect(step(only, 'nps')).toMatchObject({ reached: 1, medianTimeOnStepMs: 4_000 });
  });

  it('buckets starts and completions per local day of the workspace, across the DST change', async () => {
    const body = await get<AnalyticsTimeseries>(`${RANGE}&interval=day`, 'analytics/timeseries');
    expect(body.interval).toBe('day');
    expect(body.buckets).toEqual([
      // A started 23:30 local and completed a minute later.
      { label: '2026-03-28', start: '2026-03-27T23:00:00.000Z', end: '2026-03-28T23:00:00.000Z', starts: 1, completions: 1 },
      // B (00:30), C (01:30), D (03:30 CEST), E: a day of 23 hours.
      { label: '2026-03-29', start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z', starts: 4, completions: 0 },
      // F and G start; E (started the day before) and F complete.
      { label: '2026-03-30', start: '2026-03-29T22:00:00.000Z', end: '2026-03-30T22:00:00.000Z', starts: 2, completions: 2 },
    ]);
    const v2 = await get<AnalyticsTimeseries>(`${RANGE}&version=2&device=desktop`, 'analytics/timeseries');
    expect(v2.buckets.map((b) => [b.starts, b.completions])).toEqual([[0, 0], [0, 0], [1, 1]]);
  });

  it('buckets per local hour: 29 March has no 02:00', async () => {
    const body = await get<AnalyticsTimeseries>('from=2026-03-29&to=2026-03-30&interval=hour', 'analytics/timeseries');
    expect(body.buckets).toHaveLength(23);
    expect(body.buckets.slice(0, 4).map((b) => b.label)).toEqual([
      '2026-03-29T00:00+01:00',
      '2026-03-29T01:00+01:00',
      '2026-03-29T03:00+02:00',
      '2026-03-29T04:00+02:00',
    ]);
    expect(body.buckets.at(-1)).toMatchObject({ label: '2026-03-29T23:00+02:00', end: '2026-03-29T22:00:00.000Z' });
    const busy = body.buckets.filter((b) => b.starts > 0 || b.completions > 0).map((b) => [b.label, b.starts, b.completions]);
    expect(busy).toEqual([
      ['2026-03-29T00:00+01:00', 1, 0],
      ['2026-03-29T01:00+01:00', 1, 0],
      ['2026-03-29T03:00+02:00', 1, 0],
      ['2026-03-29T12:00+02:00', 1, 0],
    ]);
  });

  it('answers 400 naming each bad parameter, and 404 for a missing flow or version', async () => {
    const answer = async (query: string, path = 'analytics') => {
      const res = await ok(t.request('GET', `/api/v1/flows/${flowId}/${path}?${query}`, { owner: true }), 400);
      return (await res.json()) as { error: { message: string; issues?: { path: (string | number)[] }[] } };
    };
    const problem = async (query: string, path = 'analytics') => ((await answer(query, path)).error.issues ?? []).map((i) => i.path.join('.'));
    expect(await problem('device=phone')).toEqual(['device']);
    expect(await problem('embedMode=iframe&version=first')).toEqual(expect.arrayContaining(['embedMode', 'version']));
    expect(await problem('from=yesterday')).toEqual(['from']);
    expect(await problem('from=2026-03-30&to=2026-03-29')).toEqual(['from']);
    expect((await answer('devise=mobile')).error.message).toContain('devise');
    expect(await problem('interval=week', 'analytics/timeseries')).toEqual(['interval']);
    expect(await problem('from=2020-01-01&to=2026-01-01&interval=hour', 'analytics/timeseries')).toEqual(['from']);
    await ok(t.request('GET', `/api/v1/flows/${flowId}/analytics?version=9`, { owner: true }), 404);
    await ok(t.request('GET', '/api/v1/flows/no-such-flow/analytics', { owner: true }), 404);
  });

  it('folds the same facts and rollups again from the whole log (the projections replayed from the start)', async () => {
    const queries = [`${RANGE}`, `${RANGE}&version=1&device=desktop`, 'from=2026-03-27&to=2026-03-31&referrer=news.example.com'];
    const read = async () => [
      ...(await Promise.all(queries.map((q) => get<FlowAnalytics>(q)))),
      await get<AnalyticsTimeseries>(`${RANGE}&interval=hour`, 'analytics/timeseries'),
    ];
    const folded = await read();
    const storage = t.storage as KyselyStorage;
    for (const table of ['analytics_steps', 'analytics_sessions', 'analytics_step_days', 'analytics_dwell_days', 'analytics_session_days']) {
      await sql`delete from ${sql.table(table)}`.execute(storage.database);
    }
    // The cursor back to the start of the log, every session waiting for its facts row: the next read folds it all.
    // (PostgreSQL's cursor is a snapshot: '1:1:' sees no transaction at all.)
    await sql`update projection_cursors set snapshot = ${storage.kind === 'postgres' ? '1:1:' : null}, target = null, after_seq = 0`.execute(storage.database);
    await sql`update sessions set analytics_pending = 1`.execute(storage.database);
    expect(await read()).toEqual(folded);
  });

  it('is open to managers', async () => {
    const invite = await ok(t.request('POST', '/api/v1/workspace/invites', { owner: true, body: { role: 'manager' } }), 201);
    const { token } = (await invite.json()) as { token: string };
    const accepted = await ok(
      t.request('POST', '/api/v1/auth/invites/accept', { body: { token, email: 'max@example.org', name: 'Max', password: 'a long enough password' } }),
    );
    const cookie = accepted.headers.get('set-cookie')!.split(';')[0]!;
    const res = await ok(t.request('GET', `/api/v1/flows/${flowId}/analytics?${RANGE}`, { headers: { cookie } }));
    expect(((await res.json()) as FlowAnalytics).summary.impressions).toBe(8);
  });
  it('forgets a deleted session', async () => {
    const before = await get<FlowAnalytics>(RANGE);
    const sessions = (await (await ok(t.request('GET', `/api/v1/sessions?flowId=${flowId}&limit=100`, { owner: true }))).json()) as {
      sessions: { id: string; context: SessionContext; startedAt: string }[];
    };
    // B: the bubble session, dropped at intro.
    const b = sessions.sessions.find((x) => x.context.embedMode === 'bubble')!;
    await ok(t.request('DELETE', `/api/v1/sessions/${b.id}`, { owner: true }));
    const after = await get<FlowAnalytics>(RANGE);
    expect(before.summary.impressions - after.summary.impressions).toBe(1);
    expect(after.summary).toEqual({ impressions: 7, starts: 6, completions: 3, completionRate: 3 / 6 });
    expect(step(after, 'intro')).toMatchObject({ reached: 6, answered: 6, dropped: 0, video: { p25: 2, p50: 2, p75: 2, p100: 1 } });
  });

  it('keeps the day rollups equal to the facts they sum, through answers, reloads, repeats and a deleted session', async () => {
    const storage = t.storage as KyselyStorage;
    const plain = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v])));
    const stepKey = sql.raw('day, flow_version, device, embed_mode, step_id, choice, answer_kind, answer_value');
    const { rows: steps } = await sql<Record<string, unknown>>`
      select ${stepKey}, count(*) as reached, sum(responded) as answered, sum(v25) as v25, sum(v100) as v100
      from (select st.started_ms / 86400000 as day, st.flow_version, coalesce(s.device, '') as device, coalesce(s.embed_mode, '') as embed_mode,
          st.step_id, coalesce(st.choice, '') as choice, coalesce(st.answer_kind, '') as answer_kind, coalesce(st.answer_value, -1) as answer_value,
          st.responded, case when st.video >= 25 then 1 else 0 end as v25, case when st.video >= 100 then 1 else 0 end as v100
        from analytics_steps st join analytics_sessions s on s.session_id = st.session_id where st.flow_id = ${flowId}) x
      group by ${stepKey} order by ${stepKey}`.execute(storage.database);
    const { rows: stepDays } = await sql<Record<string, unknown>>`
      select ${stepKey}, reached, answered, video25 as v25, video100 as v100
      from analytics_step_days where flow_id = ${flowId} and reached <> 0 order by ${stepKey}`.execute(storage.database);
    expect(stepDays.length).toBeGreaterThan(10);
    expect(plain(stepDays)).toEqual(plain(steps));

    const sessionKey = sql.raw('day, flow_version, device, embed_mode, started, completed, last_step');
    const { rows: sessions } = await sql<Record<string, unknown>>`
      select ${sessionKey}, count(*) as sessions
      from (select started_ms / 86400000 as day, flow_version, coalesce(device, '') as device, coalesce(embed_mode, '') as embed_mode, started,
          case when completed_ms is null then 0 else 1 end as completed, coalesce(last_step, '') as last_step
        from analytics_sessions where flow_id = ${flowId}) x
      group by ${sessionKey} order by ${sessionKey}`.execute(storage.database);
    const { rows: sessionDays } = await sql<Record<string, unknown>>`
      select ${sessionKey}, sessions from analytics_session_days where flow_id = ${flowId} and sessions <> 0 order by ${sessionKey}`.execute(storage.database);
    expect(sessionDays.length).toBeGreaterThan(4);
    expect(plain(sessionDays)).toEqual(plain(sessions));
  });

  it("buckets in each workspace's own time zone (a +05:30 workspace)", async () => {
    const login = async (workspaceId?: string) => {
      const res = await ok(
        t.request('POST', '/api/v1/auth/login', { body: { email: 'ada@example.org', password: 'a long enough password', ...(workspaceId ? { workspaceId } : {}) } }),
      );
      const body = (await res.json()) as { csrfToken: string };
      return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': body.csrfToken };
    };
    const berlin = await login();
    const created = await ok(t.request('POST', '/api/v1/workspaces', { headers: berlin, body: { name: 'Pune', timeZone: 'Asia/Kolkata' } }), 201);
    const kolkata = await login(((await created.json()) as { id: string }).id);
    const puneFlow = uniqueFlowId('analytics-pune');
    await ok(t.request('POST', '/api/v1/flows', { headers: kolkata, body: { id: puneFlow, definition: definitionV1 } }), 201);
    await ok(t.request('POST', `/api/v1/flows/${puneFlow}/versions`, { headers: kolkata }), 201);
    // 18:29 and 18:30 UTC on 9 January are 23:59 on the 9th and 00:00 on the 10th in India.
    for (const created of ['2026-01-09T18:29:00Z', '2026-01-09T18:30:00Z', '2026-01-10T05:00:00Z']) {
      at(created);
      const sessionId = uuidv7();
      await ok(t.request('POST', '/api/v1/sessions', { body: { flowId: puneFlow, flowVersion: 1, sessionId, context: { embedMode: 'inline' } } }), 201);
      const e = { specversion: '1.0', id: uuidv7(), source: 'https://example.com/page', time: created, type: 'reelback.session.started', data: { sessionId, flowId: puneFlow, flowVersion: 1, context: { embedMode: 'inline' } } };
      await ok(t.request('POST', '/api/v1/events', { body: { events: [e] } }), 202);
    }
    at('2026-02-01T00:00:00Z');
    const res = await ok(t.request('GET', `/api/v1/flows/${puneFlow}/analytics/timeseries?from=2026-01-09&to=2026-01-11`, { headers: kolkata }));
    const body = (await res.json()) as AnalyticsTimeseries;
    expect(body.timeZone).toBe('Asia/Kolkata');
    expect(body.buckets).toEqual([
      { label: '2026-01-09', start: '2026-01-08T18:30:00.000Z', end: '2026-01-09T18:30:00.000Z', starts: 1, completions: 0 },
      { label: '2026-01-10', start: '2026-01-09T18:30:00.000Z', end: '2026-01-10T18:30:00.000Z', starts: 2, completions: 0 },
    ]);
    const hours = await get<AnalyticsTimeseries>('from=2026-03-29T00:00:00Z&to=2026-03-29T02:00:00Z&interval=hour', 'analytics/timeseries');
    expect(hours.buckets.map((b) => b.label)).toEqual(['2026-03-29T01:00+01:00', '2026-03-29T03:00+02:00']);
    // Another workspace's flow is not found from Berlin.
    await ok(t.request('GET', `/api/v1/flows/${puneFlow}/analytics`, { owner: true }), 404);
  });
});
