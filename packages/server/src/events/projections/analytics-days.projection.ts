import type { SessionFacts, StepFacts } from './analytics-facts.projection.js';
import type { FoldedProjection } from './projection.js';

/** A UTC day: the rollups' time grain. */
export const ANALYTICS_DAY_MS = 86_400_000;

type Key = string | number;

/** One rollup table (migration 0011): key columns in primary key order, counts, and what one fact row adds. */
export interface Rollup<Row> {
  readonly table: string;
  readonly key: readonly string[];
  readonly counts: readonly string[];
  /** The key and counts one fact row adds (with its session's row for the segments); null when it counts nowhere. */
  contribution(row: Row, session: SessionFacts): { key: Key[]; counts: number[] } | null;
}

/**
 * Absent segments and responses are keyed as '' (text) and -1 (the rating/NPS value, never negative), as migration
 * 0011 keyed them: both engines treat nulls in a unique key as distinct, which would defeat the upserts.
 */
const segment = (row: { flow_id: string; started_ms: number; flow_version: number }, s: SessionFacts): Key[] => [
  row.flow_id,
  Math.floor(row.started_ms / ANALYTICS_DAY_MS),
  row.flow_version,
  s.device ?? '',
  s.embed_mode ?? '',
];
const flag = (condition: boolean) => (condition ? 1 : 0);

export const STEP_DAYS: Rollup<StepFacts> = {
  table: 'analytics_step_days',
  key: ['flow_id', 'day', 'flow_version', 'device', 'embed_mode', 'step_id', 'choice', 'answer_kind', 'answer_value'],
  counts: ['reached', 'answered', 'video25', 'video50', 'video75', 'video100'],
  contribution: (r, s) => ({
    key: [...segment(r, s), r.step_id, r.choice ?? '', r.answer_kind ?? '', r.answer_value ?? -1],
    counts: [1, r.responded, ...[25, 50, 75, 100].map((mark) => flag(r.video >= mark))],
  }),
};

/** Step rows with a time on step, per whole second of it: where a step's median lies (see the analytics store). */
export const DWELL_DAYS: Rollup<StepFacts> = {
  table: 'analytics_dwell_days',
  key: ['flow_id', 'step_id', 'dwell_s', 'day', 'flow_version', 'device', 'embed_mode'],
  counts: ['timed'],
  contribution: (r, s) => {
    if (r.dwell_ms === null) return null;
    const [flowId, day, version, device, embedMode] = segment(r, s);
    return { key: [flowId!, r.step_id, Math.floor(r.dwell_ms / 1000), day!, version!, device!, embedMode!], counts: [1] };
  },
};

export const SESSION_DAYS: Rollup<SessionFacts> = {
  table: 'analytics_session_days',
  key: ['flow_id', 'day', 'flow_version', 'device', 'embed_mode', 'started', 'completed', 'last_step'],
  counts: ['sessions'],
  contribution: (r) => ({ key: [...segment(r, r), r.started, flag(r.completed_ms !== null), r.last_step ?? ''], counts: [1] }),
};

/** Count changes per rollup row: table → key (JSON) → deltas. */
export type RollupDeltas = Map<string, Map<string, { key: Key[]; counts: number[] }>>;

/** A session's facts as the rollups see them: its row and its step rows. */
export interface CountedFacts {
  session: SessionFacts;
  steps: Iterable<StepFacts>;
}

function add<Row>(deltas: RollupDeltas, rollup: Rollup<Row>, row: Row, session: SessionFacts, sign: 1 | -1): void {
  const c = rollup.contribution(row, session);
  if (c === null) return;
  let table = deltas.get(rollup.table);
  if (!table) deltas.set(rollup.table, (table = new Map()));
  const id = JSON.stringify(c.key);
  const at = table.get(id);
  if (at) c.counts.forEach((n, i) => (at.counts[i]! += sign * n));
  else table.set(id, { key: c.key, counts: c.counts.map((n) => sign * n) });
}

/**
 * What the rollups change when a session's facts go from `before` (null: none yet) to `after` (null: deleted):
 * the old rows taken away, the new ones added; rows whose counts net to nothing are dropped from the result.
 */
export function addRollupDeltas(deltas: RollupDeltas, before: CountedFacts | null, after: CountedFacts | null): void {
  for (const [facts, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    if (facts === null) continue;
    add(deltas, SESSION_DAYS, facts.session, facts.session, sign);
    for (const step of facts.steps) {
      add(deltas, STEP_DAYS, step, facts.session, sign);
      add(deltas, DWELL_DAYS, step, facts.session, sign);
    }
  }
}

/** The rollup rows to upsert per table, without those whose counts are all 0. */
export function rollupRows(deltas: RollupDeltas): { rollup: Rollup<never>; rows: Record<string, Key>[] }[] {
  return ROLLUPS.flatMap((rollup) => {
    const rows = [...(deltas.get(rollup.table)?.values() ?? [])]
      .filter((d) => d.counts.some((n) => n !== 0))
      .map((d) => Object.fromEntries([...rollup.key.map((k, i) => [k, d.key[i]!]), ...rollup.counts.map((c, i) => [c, d.counts[i]!])]));
    return rows.length > 0 ? [{ rollup: rollup as Rollup<never>, rows }] : [];
  });
}

const ROLLUPS: readonly Rollup<never>[] = [STEP_DAYS, DWELL_DAYS, SESSION_DAYS] as Rollup<never>[];
const TEXT = new Set(['flow_id', 'device', 'embed_mode', 'step_id', 'choice', 'answer_kind', 'last_step']);
const INTEGER = new Set(['flow_version', 'answer_value', 'started', 'completed']);

/** Adds rows' counts (a JSON array bound at `:rows`) to a rollup table's rows, creating those missing. */
function upsert(rollup: Rollup<never>): { sqlite: string; postgres: string } {
  const columns = [...rollup.key, ...rollup.counts];
  const sums = rollup.counts.map((c) => `${c} = ${rollup.table}.${c} + excluded.${c}`).join(', ');
  const type = (c: string) => (TEXT.has(c) ? 'text' : INTEGER.has(c) ? 'integer' : 'bigint');
  const conflict = `on conflict (${rollup.key.join(', ')}) do update set ${sums}`;
  return {
    sqlite: `insert into ${rollup.table} (${columns.join(', ')})
      select ${columns.map((c) => `json_extract(value, '$.${c}')`).join(', ')} from json_each(:rows) where true ${conflict}`,
    postgres: `insert into ${rollup.table} (${columns.join(', ')})
      select ${columns.join(', ')} from jsonb_to_recordset(:rows::jsonb) as x(${columns.map((c) => `${c} ${type(c)}`).join(', ')}) ${conflict}`,
  };
}

/**
 * Day rollups of the analytics facts (migration 0011's `analytics_step_days`, `analytics_dwell_days`,
 * `analytics_session_days`): whenever the fold changes a session's facts, the rows it had are taken away from the
 * rollups and the rows it has now added (`addRollupDeltas`), in the fold's transaction. Triggers on the facts tables
 * did this until migration 0024; a deleted session's rows are taken away by the session store the same way.
 */
export const analyticsDaysProjection: FoldedProjection & { readonly upsert: ReadonlyMap<string, { sqlite: string; postgres: string }> } = {
  name: 'analytics day rollups',
  runs: 'folded',
  writes: ROLLUPS.map((r) => r.table),
  upsert: new Map(ROLLUPS.map((r) => [r.table, upsert(r)])),
};
