import { FlowDefinition } from '@reelback/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyStorage } from '../../storage/kysely/kysely-storage.js';
import { expectedFacts, replayAnalyticsScenario, type ReplayedSession } from '../../test-support/analytics-replay.js';
import { branchingFlow } from '../../test-support/fixtures.js';
import { type OpenedStorage, storageFactories } from '../../test-support/storages.js';
import { addRollupDeltas, DWELL_DAYS, type RollupDeltas, rollupRows, SESSION_DAYS, STEP_DAYS } from './analytics-days.projection.js';

const flow = FlowDefinition.parse(branchingFlow);
const by = { kind: 'user' as const, id: 'usr-days', label: 'Days' };
const ROLLUPS = [STEP_DAYS, DWELL_DAYS, SESSION_DAYS];

/**
 * The day rollups projection (`analytics-days.projection.ts`): folded one event at a time (each session's facts
 * changing many times, every change taking the old rows away and adding the new), the rollups equal what the rules
 * say the final facts add up to, replayed in memory; they still do after a session is deleted.
 */
describe.each(storageFactories)('analytics day rollups projection on $name', (factory) => {
  let opened: OpenedStorage;
  let storage: KyselyStorage;
  const flowId = `days-${process.pid}`;
  let sessions: ReplayedSession[];
  beforeAll(async () => {
    opened = await factory.open();
    storage = opened.storage;
    await storage.flows.insert({ id: flowId, draft: flow, at: new Date().toISOString(), workspaceId: null, by });
    await storage.flows.publish({ workspaceId: null }, flowId, flow, { at: new Date().toISOString(), by, draftRevision: 1 });
    // Two days: sessions started before and after midnight UTC land in different rollup rows.
    sessions = [
      ...(await replayAnalyticsScenario(storage, flowId, '2026-04-01T23:59:59.000Z')),
      ...(await replayAnalyticsScenario(storage, flowId, '2026-04-02T00:00:00.000Z')),
    ];
  });
  afterAll(async () => opened?.dispose());

  /** Every rollup row of the flow with a count other than 0, as plain numbers, in key order. */
  async function stored(): Promise<Record<string, Record<string, unknown>[]>> {
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const rollup of ROLLUPS) {
      const nonZero = sql.raw(rollup.counts.map((c) => `${c} <> 0`).join(' or '));
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(rollup.table)} where flow_id = ${flowId} and (${nonZero})
        order by ${sql.raw(rollup.key.join(', '))}`.execute(storage.database);
      out[rollup.table] = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v])));
    }
    return out;
  }

  /** What the rules say: the final facts of these sessions, added up by the rollups' own keys. */
  function expected(of: readonly ReplayedSession[]): Record<string, Record<string, unknown>[]> {
    const deltas: RollupDeltas = new Map();
    for (const facts of expectedFacts(of).values()) addRollupDeltas(deltas, null, { session: facts.session, steps: facts.steps.values() });
    const out: Record<string, Record<string, unknown>[]> = Object.fromEntries(ROLLUPS.map((r) => [r.table, []]));
    for (const { rollup, rows } of rollupRows(deltas)) {
      out[rollup.table] = rows.sort((x, y) => {
        for (const k of rollup.key) {
          const [a, b] = [x[k]!, y[k]!];
          if (a !== b) return typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1;
        }
        return 0;
      });
    }
    return out;
  }

  it('adds up, one event per fold, to what the final facts count', async () => {
    let folds = 0;
    while ((await storage.fold.foldBatch(1)) > 0) folds++;
    expect(folds).toBeGreaterThanOrEqual(sessions.reduce((n, s) => n + s.events.length, 0));
    const rows = await stored();
    expect(rows[SESSION_DAYS.table]!.map((r) => r.day)).toEqual(expect.arrayContaining([20544, 20545]));
    expect(rows).toEqual(expected(sessions));
    // By hand: 8 sessions, 2 of them completed (session a of each day).
    const counted = rows[SESSION_DAYS.table]!;
    expect(counted.reduce((n, r) => n + Number(r.sessions), 0)).toBe(8);
    expect(counted.filter((r) => r.completed === 1).reduce((n, r) => n + Number(r.sessions), 0)).toBe(2);
  });

  it('takes a deleted session out of the rollups', async () => {
    const gone = sessions[0]!;
    const deleted = await storage.sessions.deleteWithData({ workspaceId: null }, [gone.row.id]);
    expect(deleted.sessions).toBe(1);
    expect(await stored()).toEqual(expected(sessions.slice(1)));
    expect(await storage.fold.foldBatch(100)).toBe(0);
  });
});
