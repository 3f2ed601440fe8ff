import { type Kysely, type Transaction, sql } from 'kysely';
import {
  analyticsDaysProjection,
  addRollupDeltas,
  type RollupDeltas,
  rollupRows,
} from '../../events/projections/analytics-days.projection.js';
import {
  analyticsFactsProjection,
  applyEvent,
  copyFacts,
  type Facts,
  type FactsEvent,
  type SessionFacts,
  sessionFacts,
  type StepFacts,
} from '../../events/projections/analytics-facts.projection.js';
import { placeholder } from '../../events/projections/projection.js';
import type { ProjectionFold } from '../../ports/projection-fold.js';
import { inTransaction } from './in-transaction.js';
import type { Database, Dialect } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;
const CURSOR = 'analytics';

/** PostgreSQL answers bigint columns as strings and jsonb as objects; SQLite answers numbers and JSON text. */
const num = (value: unknown): number => Number(value);
const nullableNum = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
const ms = (value: unknown): number => (value instanceof Date ? value.getTime() : Date.parse(String(value)));

/** Where the fold is (migration 0024): SQLite's `afterSeq`; PostgreSQL's snapshot, target and `afterSeq` within it. */
interface Cursor {
  snapshot: string | null;
  target: string | null;
  afterSeq: number;
}

/** Binds a JSON array of rows at a statement's `:rows`. */
async function writeRows(db: Db, statement: string, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const [before, after] = placeholder(statement, ':rows');
  await sql`${sql.raw(before)}${JSON.stringify(rows)}${sql.raw(after)}`.execute(db);
}

/**
 * Locks the fold's cursor and resolves it. On PostgreSQL the row lock makes every other folder (another process, a
 * deletion of sessions) wait for this transaction; SQLite has one writer.
 */
async function lockCursor(db: Db, dialect: Dialect): Promise<Cursor> {
  const lock = dialect === 'postgres' ? sql` for update` : sql``;
  const { rows } = await sql<{ snapshot: string | null; target: string | null; after_seq: unknown }>`
    select snapshot, target, after_seq from projection_cursors where name = ${CURSOR}${lock}`.execute(db);
  const row = rows[0];
  if (!row) throw new Error(`projection cursor '${CURSOR}' is missing (migration 0024 makes it)`);
  return { snapshot: row.snapshot, target: row.target, afterSeq: num(row.after_seq) };
}

/** The facts stored for these sessions (absent: none yet). */
export async function loadFacts(db: Db, sessionIds: readonly string[]): Promise<Map<string, Facts>> {
  const facts = new Map<string, Facts>();
  if (sessionIds.length === 0) return facts;
  const ids = [...sessionIds];
  const sessions = await sql<Record<string, unknown>>`select * from analytics_sessions where session_id in (${sql.join(ids)})`.execute(db);
  for (const r of sessions.rows) {
    const session: SessionFacts = {
      session_id: String(r.session_id),
      flow_id: String(r.flow_id),
      flow_version: num(r.flow_version),
      started_ms: num(r.started_ms),
      embed_mode: (r.embed_mode as string | null) ?? null,
      device: (r.device as string | null) ?? null,
      referrer_host: (r.referrer_host as string | null) ?? null,
      utm_source: (r.utm_source as string | null) ?? null,
      utm_medium: (r.utm_medium as string | null) ?? null,
      utm_campaign: (r.utm_campaign as string | null) ?? null,
      started: num(r.started) === 1 ? 1 : 0,
      completed_ms: nullableNum(r.completed_ms),
      last_step: (r.last_step as string | null) ?? null,
    };
    facts.set(session.session_id, { session, steps: new Map() });
  }
  const steps = await sql<Record<string, unknown>>`select * from analytics_steps where session_id in (${sql.join(ids)})`.execute(db);
  for (const r of steps.rows) {
    const row: StepFacts = {
      session_id: String(r.session_id),
      step_id: String(r.step_id),
      flow_id: String(r.flow_id),
      flow_version: num(r.flow_version),
      started_ms: num(r.started_ms),
      viewed_ms: num(r.viewed_ms),
      dwell_ms: nullableNum(r.dwell_ms),
      responded: num(r.responded) === 1 ? 1 : 0,
      video: num(r.video),
      choice: (r.choice as string | null) ?? null,
      answer_kind: (r.answer_kind as string | null) ?? null,
      answer_value: nullableNum(r.answer_value),
    };
    facts.get(row.session_id)?.steps.set(row.step_id, row);
  }
  return facts;
}

/** Fresh facts rows for sessions that have none yet, from their session rows. */
async function newFacts(db: Db, sessionIds: readonly string[]): Promise<Map<string, Facts>> {
  const facts = new Map<string, Facts>();
  if (sessionIds.length === 0) return facts;
  const rows = await db.selectFrom('sessions').select(['id', 'flow_id', 'flow_version', 'started_at', 'context']).where('id', 'in', [...sessionIds]).execute();
  for (const r of rows) {
    const session = sessionFacts({ id: r.id, flowId: r.flow_id, flowVersion: r.flow_version, startedMs: ms(r.started_at), context: json(r.context) });
    facts.set(r.id, { session, steps: new Map() });
  }
  return facts;
}

type EventRow = { seq: unknown; session_id: string; type: string; received_at: unknown; event: unknown };
const toEvent = (r: EventRow): FactsEvent & { sessionId: string } => ({
  seq: num(r.seq),
  sessionId: r.session_id,
  type: r.type,
  event: json(r.event),
  receivedMs: ms(r.received_at),
});

/**
 * The next committed events after the cursor, in `seq` order, and where the cursor goes once they are folded.
 * PostgreSQL: the events of the transactions visible in the target snapshot (taken now when there is none) and not
 * in the cursor's snapshot, i.e. those in progress then (its xip list) or begun since (at or above its xmax); when
 * none are left the target becomes the snapshot.
 */
async function eventsAfter(db: Db, dialect: Dialect, cursor: Cursor, limit: number): Promise<{ events: EventRow[]; next: Cursor }> {
  if (dialect !== 'postgres') {
    const { rows } = await sql<EventRow>`select seq, session_id, type, received_at, event from events
      where seq > ${cursor.afterSeq} order by seq limit ${limit}`.execute(db);
    return { events: rows, next: { snapshot: null, target: null, afterSeq: rows.length > 0 ? num(rows.at(-1)!.seq) : cursor.afterSeq } };
  }
  const target = cursor.target ?? (await sql<{ s: string }>`select pg_current_snapshot()::text as s`.execute(db)).rows[0]!.s;
  // Two index range scans on (txid, seq): an OR of both in one WHERE read the whole table (≈ 0.7 s at 1M events
  // for every analytics request's catch-up).
  const { rows } = await sql<EventRow>`select seq, session_id, type, received_at, event from (
      select seq, txid, session_id, type, received_at, event from events
        where txid >= pg_snapshot_xmax(${cursor.snapshot}::pg_snapshot)::text::bigint
      union all
      select seq, txid, session_id, type, received_at, event from events
        where txid = any(array(select pg_snapshot_xip(${cursor.snapshot}::pg_snapshot)::text::bigint))
    ) e
    where pg_visible_in_snapshot(txid::text::xid8, ${target}::pg_snapshot) and seq > ${cursor.afterSeq}
    order by seq limit ${limit}`.execute(db);
  const next: Cursor =
    rows.length < limit ? { snapshot: target, target: null, afterSeq: 0 } : { snapshot: cursor.snapshot, target, afterSeq: num(rows.at(-1)!.seq) };
  return { events: rows, next };
}

/** Writes the facts that changed (`after`; null: gone) and what that changes in the day rollups. */
export async function writeFacts(db: Db, dialect: Dialect, before: ReadonlyMap<string, Facts>, after: ReadonlyMap<string, Facts | null>): Promise<void> {
  const sessionRows: SessionFacts[] = [];
  const stepRows: StepFacts[] = [];
  const deltas: RollupDeltas = new Map();
  for (const [id, now] of after) {
    const was = before.get(id) ?? null;
    if (now !== null) {
      if (!was || JSON.stringify(was.session) !== JSON.stringify(now.session)) sessionRows.push(now.session);
      for (const [stepId, row] of now.steps) {
        const old = was?.steps.get(stepId);
        if (!old || JSON.stringify(old) !== JSON.stringify(row)) stepRows.push(row);
      }
    }
    addRollupDeltas(deltas, was && { session: was.session, steps: was.steps.values() }, now && { session: now.session, steps: now.steps.values() });
  }
  await writeRows(db, analyticsFactsProjection.upsert.sessions[dialect], sessionRows);
  await writeRows(db, analyticsFactsProjection.upsert.steps[dialect], stepRows);
  for (const { rollup, rows } of rollupRows(deltas)) {
    await writeRows(db, analyticsDaysProjection.upsert.get(rollup.table)![dialect], rows);
  }
}

/**
 * Takes deleted sessions' facts out of the day rollups, before the sessions go (their facts rows follow them by
 * cascade). Holds the fold's cursor lock, so no fold writes these sessions' rows meanwhile. For the session store.
 */
export async function forgetAnalyticsFacts(db: Transaction<Database>, dialect: Dialect, sessionIds: readonly string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  await lockCursor(db, dialect);
  const before = await loadFacts(db, sessionIds);
  await writeFacts(db, dialect, before, new Map([...before.keys()].map((id) => [id, null])));
}

/** The fold of `events/projections.ts`'s folded projections on both engines (see `ProjectionFold`). */
export class KyselyProjectionFold implements ProjectionFold {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  foldBatch(limit: number): Promise<number> {
    return inTransaction(this.db, (trx) => this.foldIn(trx, limit));
  }

  private async foldIn(trx: Transaction<Database>, limit: number): Promise<number> {
    const cursor = await lockCursor(trx, this.dialect);
    const { events: rows, next } = await eventsAfter(trx, this.dialect, cursor, limit);
    const { rows: waiting } = await sql<{ id: string }>`select id from sessions where analytics_pending is not null limit ${limit}`.execute(trx);
    // A new snapshot with nothing in it is not worth a write; anything else moves the cursor.
    if (rows.length === 0 && waiting.length === 0 && cursor.target === null) return 0;

    const events = rows.map(toEvent);
    const sessionIds = [...new Set([...events.map((e) => e.sessionId), ...waiting.map((w) => w.id)])];
    const stored = await loadFacts(trx, sessionIds);
    const created = await newFacts(trx, sessionIds.filter((id) => !stored.has(id)));
    const bySession = new Map<string, (FactsEvent & { sessionId: string })[]>();
    for (const e of events) bySession.set(e.sessionId, [...(bySession.get(e.sessionId) ?? []), e]);

    // A session's events are written under its row lock, so `seq` order is their order (see migration 0024).
    const after = new Map<string, Facts>();
    for (const id of sessionIds) {
      const start = stored.get(id) ?? created.get(id);
      if (!start) continue; // deleted meanwhile: its events went with it
      const facts = copyFacts(start);
      for (const e of bySession.get(id) ?? []) applyEvent(facts, e);
      after.set(id, facts);
    }
    await writeFacts(trx, this.dialect, stored, after);
    const folded = [...after.keys()].filter((id) => !stored.has(id));
    if (folded.length > 0) {
      await sql`update sessions set analytics_pending = null where id in (${sql.join(folded)}) and analytics_pending is not null`.execute(trx);
    }
    await sql`update projection_cursors set snapshot = ${next.snapshot}, target = ${next.target}, after_seq = ${next.afterSeq}
      where name = ${CURSOR}`.execute(trx);
    return rows.length + waiting.length;
  }
}
