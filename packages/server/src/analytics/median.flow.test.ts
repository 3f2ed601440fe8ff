import { type FlowDefinitionInput, uuidv7 } from '@reelback/shared';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { copyFacts } from '../events/projections/analytics-facts.projection.js';
import { loadFacts, writeFacts } from '../storage/kysely/projection-fold.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import type { AnalyticsFilter } from '../ports/analytics-store.js';

const definition = {
  name: 'Median fixture',
  steps: [
    { id: 'intro', prompt: { title: 'Hello' }, answer: { type: 'cta', label: 'Go', url: 'https://example.com/' }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

const DAY = 86_400_000;
const START = Date.parse('2026-05-10T00:00:00Z');

/** A seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * The median time on step found through the per-second rollup (whole days) and the step rows (partial days),
 * compared with the median of the same rows sorted here, for many ranges and segments: many times share a second,
 * so the walk inside a second and the mean of two middles that lie in different seconds are both exercised.
 */
describe.each(storageFactories)('median time on step on $name', (factory) => {
  let now = START;
  const t = useTestApp(factory, { clock: { now: () => new Date(now) } });
  const flowId = uniqueFlowId('median');
  const rand = random(20_260_510);
  let rows: { stepId: string; dwellMs: number | null; startedMs: number; version: number; device: string }[] = [];

  beforeAll(async () => {
    const bootstrap = await t.request('POST', '/api/v1/auth/bootstrap', {
      owner: true,
      body: { workspaceName: 'Median', email: 'ada@example.org', name: 'Ada', password: 'a long enough password' },
    });
    expect(bootstrap.status).toBe(201);
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition } })).status).toBe(201);
    for (let v = 0; v < 2; v++) expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    const storage = t.storage as KyselyStorage;
    for (let i = 0; i < 240; i++) {
      now = START + Math.floor(rand() * 4 * DAY);
      const device = rand() < 0.4 ? 'mobile' : 'desktop';
      const sessionId = uuidv7();
      const res = await t.request('POST', '/api/v1/sessions', {
        body: { flowId, flowVersion: rand() < 0.5 ? 1 : 2, sessionId, context: { embedMode: 'inline', device } },
      });
      expect(res.status).toBe(201);
      // The session's facts row, folded; its step rows written beside it as a fold writes them (rollups included).
      while ((await storage.fold.foldBatch(100)) > 0);
      const before = await loadFacts(storage.database, [sessionId]);
      const after = copyFacts(before.get(sessionId)!);
      const s = after.session;
      for (const stepId of ['intro', 'end']) {
        // Times within a few seconds (many per second), some still open (null).
        const dwell = rand() < 0.15 ? null : Math.floor(rand() * 4_000);
        after.steps.set(stepId, {
          ...{ session_id: sessionId, step_id: stepId, flow_id: s.flow_id, flow_version: s.flow_version, started_ms: s.started_ms },
          ...{ viewed_ms: s.started_ms, dwell_ms: dwell, responded: 0, video: 0, choice: null, answer_kind: null, answer_value: null },
        });
      }
      await writeFacts(storage.database, storage.kind, before, new Map([[sessionId, after]]));
    }
    const { rows: stored } = await sql<{ step_id: string; dwell_ms: unknown; started_ms: unknown; flow_version: number; device: string }>`
      select st.step_id, st.dwell_ms, st.started_ms, st.flow_version, s.device from analytics_steps st
      join analytics_sessions s on s.session_id = st.session_id where st.flow_id = ${flowId}`.execute(storage.database);
    rows = stored.map((r) => ({
      stepId: r.step_id,
      dwellMs: r.dwell_ms === null ? null : Number(r.dwell_ms),
      startedMs: Number(r.started_ms),
      version: Number(r.flow_version),
      device: r.device,
    }));
    expect(rows.length).toBe(480);
  });

  const expected = (f: AnalyticsFilter) => {
    const medians = new Map<string, number>();
    for (const stepId of ['intro', 'end']) {
      const times = rows
        .filter((r) => r.stepId === stepId && r.dwellMs !== null && r.startedMs >= f.fromMs && r.startedMs < f.toMs)
        .filter((r) => (f.version === undefined || r.version === f.version) && (f.device === undefined || r.device === f.device))
        .map((r) => r.dwellMs!)
        .sort((a, b) => a - b);
      const n = times.length;
      if (n > 0) medians.set(stepId, n % 2 === 1 ? times[(n - 1) / 2]! : (times[n / 2 - 1]! + times[n / 2]!) / 2);
    }
    return medians;
  };

  it('equals the middle of the sorted times for whole days, partial days and segments', async () => {
    const ranges: [number, number][] = [
      [START, START + 4 * DAY],
      [START - DAY, START + 5 * DAY],
      [START + 3.5 * 3_600_000, START + 3 * DAY + 5.75 * 3_600_000],
      [START + DAY, START + 2 * DAY],
      [START + 5_400_000, START + 2 * DAY - 1],
      // No whole day: the step rows alone.
      [START + 3 * 3_600_000, START + 20 * 3_600_000],
    ];
    for (let i = 0; i < 6; i++) {
      const from = START + Math.floor(rand() * 2 * DAY);
      ranges.push([from, from + Math.floor(rand() * 3 * DAY) + 1]);
    }
    let compared = 0;
    for (const [fromMs, toMs] of ranges) {
      for (const segment of [{}, { version: 2 }, { device: 'mobile' }, { version: 1, device: 'desktop' }]) {
        const filter: AnalyticsFilter = { flowId, fromMs, toMs, ...segment };
        const want = expected(filter);
        expect(await t.storage.analytics.medianTimeOnStep(filter), JSON.stringify(filter)).toEqual(want);
        compared += want.size;
      }
    }
    expect(compared).toBeGreaterThan(60);
  });
});
