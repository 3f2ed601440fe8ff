import { FlowDefinition } from '@reelback/shared';
import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsFilter } from '../ports/analytics-store.js';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { KyselyProjectionFold } from '../storage/kysely/projection-fold.js';
import { replayAnalyticsScenario, storedFacts } from '../test-support/analytics-replay.js';
import { branchingFlow } from '../test-support/fixtures.js';
import { type OpenedStorage, storageFactories } from '../test-support/storages.js';
import { ProjectionFolder } from './projection-folder.js';

const flow = FlowDefinition.parse(branchingFlow);
const by = { kind: 'user' as const, id: 'usr-fold', label: 'Fold' };

/** Fails any statement that writes the day rollups: the fold dies after writing the facts, before the rollups. */
const dieAtRollups: KyselyPlugin = {
  transformQuery({ node }) {
    // The statement's text sits in nested raw nodes (and its JSON rows in a value): look through all of it.
    if (JSON.stringify(node).includes('into analytics_step_days')) throw new Error('the process died here, half-way through the fold');
    return node;
  },
  transformResult: async ({ result }) => result,
};

/**
 * The fold off the ingest path (events/projection-folder.ts, storage/kysely/projection-fold.ts): a fold that dies
 * half-way leaves nothing behind, the figures read afterwards are exact all the same, folding again changes
 * nothing, and folders racing each other (PostgreSQL: one cursor row lock) count every event once.
 */
describe.each(storageFactories)('analytics fold across a crash on $name', (factory) => {
  let opened: OpenedStorage;
  let storage: KyselyStorage;
  const flowId = `fold-${process.pid}`;
  const filter: AnalyticsFilter = { flowId, fromMs: Date.parse('2026-04-01T00:00:00Z'), toMs: Date.parse('2026-04-04T00:00:00Z') };
  beforeAll(async () => {
    opened = await factory.open();
    storage = opened.storage;
    await storage.flows.insert({ id: flowId, draft: flow, at: new Date().toISOString(), workspaceId: null, by });
    await storage.flows.publish({ workspaceId: null }, flowId, flow, { at: new Date().toISOString(), by, draftRevision: 1 });
  });
  afterAll(async () => opened?.dispose());

  const cursor = async () => (await sql<Record<string, unknown>>`select * from projection_cursors`.execute(storage.database)).rows;
  const figures = async () => ({
    summary: await storage.analytics.summary(filter),
    steps: await storage.analytics.steps(filter),
    responses: await storage.analytics.responses(filter),
    medians: await storage.analytics.medianTimeOnStep(filter),
    slots: await storage.analytics.slots(filter, 3_600_000),
  });

  it('loses nothing when the fold dies between append and commit, and a second fold changes nothing', async () => {
    await replayAnalyticsScenario(storage, flowId, '2026-04-02T08:59:00.000Z');
    const before = await cursor();
    const dying = new KyselyProjectionFold(storage.database.withPlugin(dieAtRollups), storage.kind);
    await expect(dying.foldBatch(2000)).rejects.toThrow('half-way through the fold');
    // Rolled back whole: no facts, the cursor where it was.
    expect(await storedFacts(storage, flowId)).toEqual({ sessions: [], steps: [] });
    expect(await cursor()).toEqual(before);

    // What a read does (analytics.service.ts): catch the fold up, then read.
    const folder = new ProjectionFolder({ fold: storage.fold, logError: (message, error) => expect.fail(`${message}: ${String(error)}`) });
    expect(await folder.catchUp()).toBeGreaterThan(0);
    const exact = await figures();
    // By hand (test-support/analytics-replay.ts): 4 sessions, 2 started, 1 completed; b dropped at `start`, c at `rate`.
    expect(exact.summary).toEqual({ impressions: 4, starts: 2, completions: 1, dropped: new Map([['start', 1], ['rate', 1]]) });
    expect(exact.steps.find((s) => s.stepId === 'start')).toMatchObject({ reached: 3, answered: 1, video25: 2, video50: 2, video100: 1 });
    expect(exact.medians.get('start')).toBe(3000);

    const facts = await storedFacts(storage, flowId);
    expect(await folder.catchUp()).toBe(0);
    expect(await storage.fold.foldBatch(2000)).toBe(0);
    expect(await storedFacts(storage, flowId)).toEqual(facts);
    expect(await figures()).toEqual(exact);
  });

  it('counts every event once with several folders racing', async () => {
    const second = { ...filter, flowId: `${flowId}-race` };
    await storage.flows.insert({ id: second.flowId, draft: flow, at: new Date().toISOString(), workspaceId: null, by });
    await storage.flows.publish({ workspaceId: null }, second.flowId, flow, { at: new Date().toISOString(), by, draftRevision: 1 });
    for (let round = 0; round < 3; round++) await replayAnalyticsScenario(storage, second.flowId, '2026-04-02T08:59:00.000Z');
    // Two folders per "process" (their own store objects over the same database), small batches, all at once.
    const folders = Array.from({ length: 4 }, () => new ProjectionFolder({ fold: new KyselyProjectionFold(storage.database, storage.kind), logError: () => {} }));
    const batches = await Promise.all(folders.map((f) => f.catchUp()));
    expect(batches.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(await storage.analytics.summary(second)).toEqual({ impressions: 12, starts: 6, completions: 3, dropped: new Map([['start', 3], ['rate', 3]]) });
    const { rows } = await sql<{ n: unknown }>`select sum(sessions) as n from analytics_session_days where flow_id = ${second.flowId}`.execute(storage.database);
    expect(Number(rows[0]!.n)).toBe(12);
  });
});
