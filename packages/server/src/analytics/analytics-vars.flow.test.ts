import { type AnalyticsTimeseries, type AnswerValue, type FlowAnalytics, type FlowDefinitionInput, type VariableSplit, uuidv7 } from '@reelback/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

/**
 * Segments by session variable (`var.<name>=<value>`) and the split by one variable, on a hand-counted fixture sent
 * through the real API in a UTC workspace. The range covers whole days, so the unsegmented figures come from the
 * day rollups and the segmented ones from the facts tables joined to `sessions.vars`: both must agree.
 *
 * The flow: intro (choice: yes → nps, no → end) → nps → end. Variables: `plan` (maxLength 10), `team`.
 *
 * | session | created (UTC) | plan          | team | path                                                          |
 * |---------|---------------|---------------|------|---------------------------------------------------------------|
 * | A       | 03-02 10:00   | pro           | red  | yes after 4 s; nps 10 after 2 s; complete                     |
 * | B       | 03-02 11:00   | pro           | blue | no after 6 s; complete                                        |
 * | C       | 03-02 12:00   | free          | red  | views intro, drops there                                      |
 * | D       | 03-03 10:00   | free          | —    | yes after 8 s; views nps, drops there                         |
 * | E       | 03-03 11:00   | —             | —    | yes after 10 s; nps 3 after 5 s; complete                     |
 * | F       | 03-03 12:00   | pro           | red  | created only (no event)                                       |
 * | G       | 03-04 10:00   | enterprise    | red  | no after 12 s; complete                                       |
 * | H       | 03-04 11:00   | (11 chars: dropped) | blue | views intro, drops there; also passes an undeclared `x` |
 */

const definition = {
  name: 'Variables fixture',
  variables: [{ name: 'plan', maxLength: 10 }, { name: 'team' }],
  steps: [
    {
      id: 'intro',
      prompt: { title: 'Want a demo?' },
      answer: {
        type: 'choice',
        options: [
          { id: 'yes', label: 'Yes', next: 'nps' },
          { id: 'no', label: 'No', next: 'end' },
        ],
      },
    },
    { id: 'nps', prompt: { title: 'Recommend us?' }, answer: { type: 'nps' }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

const RANGE = 'from=2026-03-01&to=2026-03-06';

describe.each(storageFactories)('analytics segmented by session variables on $name', (factory) => {
  let now = Date.parse('2026-03-01T00:00:00Z');
  const t = useTestApp(factory, { clock: { now: () => new Date(now) } });
  const flowId = uniqueFlowId('analytics-vars');

  async function ok(res: Response | Promise<Response>, status = 200): Promise<Response> {
    const r = await res;
    expect(r.status, await r.clone().text()).toBe(status);
    return r;
  }

  /** Creates a session with `vars` at server time `created` and sends `events(ev)` one minute later. */
  async function session(created: string, vars: Record<string, string>, events: (ev: ReturnType<typeof maker>) => unknown[]) {
    now = Date.parse(created);
    const sessionId = uuidv7();
    const context = { embedMode: 'inline', device: 'desktop' } as const;
    await ok(t.request('POST', '/api/v1/sessions', { body: { flowId, flowVersion: 1, sessionId, context, vars } }), 201);
    const batch = events(maker(sessionId, now));
    if (batch.length === 0) return;
    now += 60_000;
    await ok(t.request('POST', '/api/v1/events', { body: { events: batch } }), 202);
  }

  function maker(sessionId: string, base: number) {
    const ev = (type: string, s: number, data: Record<string, unknown>) => ({
      specversion: '1.0',
      id: uuidv7(),
      source: 'https://example.com/page',
      time: new Date(base + s * 1000).toISOString(),
      type: `reelback.${type}`,
      data: { sessionId, flowId, flowVersion: 1, ...data },
    });
    return {
      started: () => ev('session.started', 0, { context: { embedMode: 'inline', device: 'desktop' } }),
      viewed: (stepId: string, s: number) => ev('step.viewed', s, { stepId }),
      chose: (optionId: 'yes' | 'no', s: number) => ev('choice.selected', s, { stepId: 'intro', optionId, nextStepId: optionId === 'yes' ? 'nps' : 'end' }),
      nps: (value: number, s: number) => ev('answer.submitted', s, { stepId: 'nps', answer: { kind: 'nps', value } satisfies AnswerValue, nextStepId: 'end' }),
      completed: (s: number) => ev('session.completed', s, { endStepId: 'end' }),
    };
  }

  beforeAll(async () => {
    await ok(
      t.request('POST', '/api/v1/auth/bootstrap', {
        owner: true,
        body: { workspaceName: 'Vars', email: 'ada@example.org', name: 'Ada', password: 'a long enough password', timeZone: 'UTC' },
      }),
      201,
    );
    await ok(t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition } }), 201);
    await ok(t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true }), 201);

    await session('2026-03-02T10:00:00Z', { plan: 'pro', team: 'red' }, (e) => [
      e.started(), e.viewed('intro', 0), e.chose('yes', 4), e.viewed('nps', 4), e.nps(10, 6), e.viewed('end', 6), e.completed(6),
    ]);
    await session('2026-03-02T11:00:00Z', { plan: 'pro', team: 'blue' }, (e) => [e.started(), e.viewed('intro', 0), e.chose('no', 6), e.viewed('end', 6), e.completed(6)]);
    await session('2026-03-02T12:00:00Z', { plan: 'free', team: 'red' }, (e) => [e.started(), e.viewed('intro', 0)]);
    await session('2026-03-03T10:00:00Z', { plan: 'free' }, (e) => [e.started(), e.viewed('intro', 0), e.chose('yes', 8), e.viewed('nps', 8)]);
    await session('2026-03-03T11:00:00Z', {}, (e) => [
      e.started(), e.viewed('intro', 0), e.chose('yes', 10), e.viewed('nps', 10), e.nps(3, 15), e.viewed('end', 15), e.completed(15),
    ]);
    await session('2026-03-03T12:00:00Z', { plan: 'pro', team: 'red' }, () => []);
    await session('2026-03-04T10:00:00Z', { plan: 'enterprise', team: 'red' }, (e) => [e.started(), e.viewed('intro', 0), e.chose('no', 12), e.viewed('end', 12), e.completed(12)]);
    await session('2026-03-04T11:00:00Z', { plan: 'x'.repeat(11), team: 'blue', x: 'undeclared' }, (e) => [e.started(), e.viewed('intro', 0)]);
    now = Date.parse('2026-03-10T00:00:00Z');
  });

  const get = async <T>(path: string, query: string): Promise<T> =>
    (await (await ok(t.request('GET', `/api/v1/flows/${flowId}/${path}?${query}`, { owner: true }))).json()) as T;
  const step = (body: FlowAnalytics, stepId: string) => body.steps.find((s) => s.stepId === stepId);

  it('counts the whole flow as before (the day rollups answer it)', async () => {
    const body = await get<FlowAnalytics>('analytics', RANGE);
    expect(body.summary).toEqual({ impressions: 8, starts: 7, completions: 4, completionRate: 4 / 7 });
    expect(step(body, 'intro')).toMatchObject({ reached: 7, answered: 5, dropped: 2, medianTimeOnStepMs: 8_000 });
    expect(step(body, 'nps')).toMatchObject({ reached: 3, answered: 2, dropped: 1 });
    expect(body.choices[0]!.options.map((o) => o.count)).toEqual([3, 2]);
    expect(body.nps[0]).toMatchObject({ count: 2, promoters: 1, detractors: 1, score: 0 });
  });

  it('narrows funnel, drop-off, time on step, choices and NPS to the sessions with the value', async () => {
    const pro = await get<FlowAnalytics>('analytics', `${RANGE}&var.plan=pro`);
    expect(pro.filters).toEqual({ vars: { plan: 'pro' } });
    // A, B and F (created only).
    expect(pro.summary).toEqual({ impressions: 3, starts: 2, completions: 2, completionRate: 1 });
    // A left intro after 4 s, B after 6 s.
    expect(step(pro, 'intro')).toMatchObject({ reached: 2, answered: 2, dropped: 0, medianTimeOnStepMs: 5_000 });
    expect(step(pro, 'nps')).toMatchObject({ reached: 1, answered: 1, dropped: 0, medianTimeOnStepMs: 2_000 });
    expect(pro.choices[0]!.options.map((o) => [o.optionId, o.count])).toEqual([['yes', 1], ['no', 1]]);
    expect(pro.nps[0]).toMatchObject({ count: 1, promoters: 1, detractors: 0, score: 100 });
    expect(pro.answersByKind.nps).toBe(1);

    const free = await get<FlowAnalytics>('analytics', `${RANGE}&var.plan=free`);
    expect(free.summary).toEqual({ impressions: 2, starts: 2, completions: 0, completionRate: 0 });
    expect(step(free, 'intro')).toMatchObject({ reached: 2, answered: 1, dropped: 1 });
    expect(step(free, 'nps')).toMatchObject({ reached: 1, answered: 0, dropped: 1 });
    expect(free.nps[0]).toMatchObject({ count: 0, score: null });
  });

  it('combines variable segments with each other and with the other segments (and)', async () => {
    const summary = async (q: string) => (await get<FlowAnalytics>('analytics', `${RANGE}&${q}`)).summary;
    expect(await summary('var.plan=pro&var.team=red')).toEqual({ impressions: 2, starts: 1, completions: 1, completionRate: 1 });
    expect(await summary('var.team=blue')).toEqual({ impressions: 2, starts: 2, completions: 1, completionRate: 1 / 2 });
    expect(await summary('var.team=red&device=desktop&embedMode=inline')).toMatchObject({ impressions: 4, starts: 3, completions: 2 });
    expect(await summary('var.team=red&device=mobile')).toMatchObject({ impressions: 0 });
    // H's 11-character plan was dropped when the session started, and its undeclared `x` was never kept.
    expect(await summary('var.plan=xxxxxxxxxx')).toMatchObject({ impressions: 0 });
    // Segment values are exact: no case folding, no prefix match.
    expect(await summary('var.plan=Pro')).toMatchObject({ impressions: 0 });
    expect(await summary('var.plan=pr')).toMatchObject({ impressions: 0 });
  });

  it('segments the timeseries', async () => {
    const counts = (body: AnalyticsTimeseries) => body.buckets.map((b) => [b.label, b.starts, b.completions]);
    expect(counts(await get<AnalyticsTimeseries>('analytics/timeseries', RANGE))).toEqual([
      ['2026-03-01', 0, 0], ['2026-03-02', 3, 2], ['2026-03-03', 2, 1], ['2026-03-04', 2, 1], ['2026-03-05', 0, 0],
    ]);
    expect(counts(await get<AnalyticsTimeseries>('analytics/timeseries', `${RANGE}&var.plan=pro`))).toEqual([
      ['2026-03-01', 0, 0], ['2026-03-02', 2, 2], ['2026-03-03', 0, 0], ['2026-03-04', 0, 0], ['2026-03-05', 0, 0],
    ]);
    const hours = await get<AnalyticsTimeseries>('analytics/timeseries', 'from=2026-03-04&to=2026-03-05&interval=hour&var.team=red');
    expect(hours.buckets.filter((b) => b.starts > 0).map((b) => b.label)).toEqual(['2026-03-04T10:00+00:00']);
  });

  it('splits by one variable: the most sessions first, no value as null, the rest as "other", adding up to the whole', async () => {
    const split = await get<VariableSplit>('analytics/variables/plan', RANGE);
    expect(split.variable).toBe('plan');
    expect(split.values).toEqual([
      { value: 'pro', sessions: 3, starts: 2, completions: 2, completionRate: 1 },
      // Ties: values before "no value".
      { value: 'free', sessions: 2, starts: 2, completions: 0, completionRate: 0 },
      { value: null, sessions: 2, starts: 2, completions: 1, completionRate: 1 / 2 },
      { value: 'enterprise', sessions: 1, starts: 1, completions: 1, completionRate: 1 },
    ]);
    expect(split.other).toBeNull();

    const top2 = await get<VariableSplit>('analytics/variables/plan', `${RANGE}&limit=2`);
    expect(top2.values.map((v) => v.value)).toEqual(['pro', 'free']);
    // enterprise, and the sessions without a plan.
    expect(top2.other).toEqual({ values: 1, sessions: 3, starts: 3, completions: 2, completionRate: 2 / 3 });

    // Segments apply to the split too: the red team's plans.
    const red = await get<VariableSplit>('analytics/variables/plan', `${RANGE}&var.team=red`);
    expect(red.values.map((v) => [v.value, v.sessions, v.completions])).toEqual([['pro', 2, 1], ['enterprise', 1, 1], ['free', 1, 0]]);
    expect(red.filters).toEqual({ vars: { team: 'red' } });
  });

  it('refuses undeclared variables (422 naming them) and malformed segments (400)', async () => {
    const error = async (query: string, status: number, path = 'analytics') => {
      const res = await ok(t.request('GET', `/api/v1/flows/${flowId}/${path}?${query}`, { owner: true }), status);
      return ((await res.json()) as { error: { code: string; message: string; issues?: { path: unknown[] }[] } }).error;
    };
    const unknown = await error('var.x=undeclared', 422);
    expect(unknown).toMatchObject({ code: 'unknown-variable', issues: [{ path: ['var.x'] }] });
    expect(unknown.message).toContain('"x"');
    expect(await error('', 422, 'analytics/variables/nope')).toMatchObject({ code: 'unknown-variable', issues: [{ path: ['variable'] }] });
    expect(await error('var.x=1', 422, 'analytics/timeseries')).toMatchObject({ code: 'unknown-variable' });
    expect((await error('var.plan=', 400)).issues).toEqual([expect.objectContaining({ path: ['var.plan'] })]);
    expect((await error(`var.plan=${'p'.repeat(501)}`, 400)).issues).toEqual([expect.objectContaining({ path: [`var.plan`] })]);
    // Longer than the variable's own maxLength (10): no session can hold it.
    expect(await error(`var.plan=${'p'.repeat(11)}`, 400)).toMatchObject({ code: 'value-too-long' });
    expect((await error('var.9lives=1', 400)).issues).toEqual([expect.objectContaining({ path: ['var.9lives'] })]);
    expect((await error('bogus=1', 400)).issues).toEqual([expect.objectContaining({ path: ['bogus'] })]);
    expect((await error('interval=day', 400)).issues).toEqual([expect.objectContaining({ path: ['interval'] })]);
    expect((await error('limit=0', 400, 'analytics/variables/plan')).issues).toEqual([expect.objectContaining({ path: ['limit'] })]);
    expect((await error('limit=51', 400, 'analytics/variables/plan')).issues).toEqual([expect.objectContaining({ path: ['limit'] })]);
    expect(await error('', 400, 'analytics/variables/no-such')).toMatchObject({ code: 'invalid-request' });
  });
});
