import { FlowDefinition } from '@reelback/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyStorage } from '../../storage/kysely/kysely-storage.js';
import { backfillAnalytics } from '../../storage/kysely/migrations/0008-analytics.js';
import { expectedFacts, replayAnalyticsScenario, type ReplayedSession, storedFacts } from '../../test-support/analytics-replay.js';
import { branchingFlow } from '../../test-support/fixtures.js';
import { type OpenedStorage, storageFactories } from '../../test-support/storages.js';
import { referrerHost } from './analytics-facts.projection.js';

const flow = FlowDefinition.parse(branchingFlow);
const by = { kind: 'user' as const, id: 'usr-facts', label: 'Facts' };

/**
 * The analytics facts projection (`analytics-facts.projection.ts`): events appended through the one append, folded
 * in small batches from the cursor, give the rows its rules give when replayed here, and the rows migration 0008's
 * set-based backfill (the triggers' twin in SQL) builds from the same log.
 */
describe.each(storageFactories)('analytics facts projection on $name', (factory) => {
  let opened: OpenedStorage;
  let storage: KyselyStorage;
  const flowId = `facts-${process.pid}`;
  let sessions: ReplayedSession[];
  beforeAll(async () => {
    opened = await factory.open();
    storage = opened.storage;
    await storage.flows.insert({ id: flowId, draft: flow, at: new Date().toISOString(), workspaceId: null, by });
    await storage.flows.publish({ workspaceId: null }, flowId, flow, { at: new Date().toISOString(), by, draftRevision: 1 });
    sessions = await replayAnalyticsScenario(storage, flowId, '2026-04-02T08:59:00.000Z');
  });
  afterAll(async () => opened?.dispose());

  it('is not written on the ingest path: nothing until the fold runs', async () => {
    expect(await storedFacts(storage, flowId)).toEqual({ sessions: [], steps: [] });
  });

  it('folds, batch after batch, the rows the rules give, and a second fold changes nothing', async () => {
    let batches = 0;
    while ((await storage.fold.foldBatch(3)) > 0) batches++;
    expect(batches).toBeGreaterThan(5);
    const expected = expectedFacts(sessions);
    const stored = await storedFacts(storage, flowId);
    expect(stored.sessions).toEqual([...expected.values()].map((f) => f.session).sort((x, y) => String(x.session_id).localeCompare(String(y.session_id))));
    expect(stored.steps).toEqual(
      [...expected.values()].flatMap((f) => [...f.steps.values()]).sort((x, y) => x.session_id.localeCompare(y.session_id) || x.step_id.localeCompare(y.step_id)),
    );
    expect(await storage.fold.foldBatch(100)).toBe(0);
    expect(await storedFacts(storage, flowId)).toEqual(stored);
  });

  it('gives what the rules say by hand: segments, time on step, marks, last responses, first completion', async () => {
    const { sessions: rows, steps } = await storedFacts(storage, flowId);
    const [a, b, c, d] = sessions.map((s) => s.row.id);
    const row = (id: string | undefined) => rows.find((r) => r.session_id === id);
    const step = (id: string | undefined, stepId: string) => steps.find((r) => r.session_id === id && r.step_id === stepId);
    expect(row(a)).toMatchObject({ device: 'desktop', referrer_host: 'news.example.com', utm_campaign: 'spring', started: 1, last_step: 'end' });
    // The first of two completions, by the server's clock (the 14th event of the session was received at 113 s).
    expect(row(a)!.completed_ms).toBe(Date.parse('2026-04-02T09:00:00Z') + 113_000);
    // Left `start` by the choice at 7 s (viewed at 1 s): 6 s; its last choice counts; re-viewing it adds no row.
    expect(step(a, 'start')).toMatchObject({ dwell_ms: 6000, responded: 1, video: 50, choice: 'no', answer_kind: null });
    // `rate`: viewed at 9 s, left at 10 s (the re-view of `start`); the text answer overwrote the rating's value.
    expect(step(a, 'rate')).toMatchObject({ dwell_ms: 1000, responded: 1, answer_kind: 'text', answer_value: null });
    expect(step(a, 'end')).toMatchObject({ dwell_ms: 4000, answer_kind: 'nps', answer_value: 9 });
    // Responses and marks on a step never viewed count nowhere.
    expect(step(b, 'ghost')).toBeUndefined();
    expect(row(b)).toMatchObject({ device: 'mobile', referrer_host: 'com.example', started: 1, completed_ms: null, last_step: 'start' });
    expect(step(b, 'start')).toMatchObject({ dwell_ms: null, responded: 0, video: 100 });
    // A viewer clock running backwards gives 0, never less.
    expect(step(c, 'start')).toMatchObject({ dwell_ms: 0 });
    expect(step(c, 'rate')).toMatchObject({ dwell_ms: 0, responded: 1, answer_kind: 'nps', answer_value: 3 });
    expect(row(c)).toMatchObject({ referrer_host: null, started: 0 });
    // No event at all: still a session (an impression).
    expect(row(d)).toMatchObject({ device: 'tablet', embed_mode: 'popup', started: 0, last_step: null });
  });

  it('equals what migration 0008 builds from the same log in SQL', async () => {
    const folded = await storedFacts(storage, flowId);
    await sql`delete from analytics_steps`.execute(storage.database);
    await sql`delete from analytics_sessions`.execute(storage.database);
    await backfillAnalytics(storage.database, storage.kind);
    expect(await storedFacts(storage, flowId)).toEqual(folded);
  });

  it('cuts the referrer host as the SQL did', () => {
    expect(referrerHost('https://A.example.org/x')).toBe('a.example.org');
    expect(referrerHost('http://host?x=1')).toBe('host');
    expect(referrerHost('https://')).toBeNull();
    expect(referrerHost('example.org/path')).toBeNull();
    expect(referrerHost(null)).toBeNull();
  });
});
