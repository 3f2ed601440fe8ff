import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * The analytics facts (0008) and their day rollups (0011) leave the ingest path (issue #14): their triggers are
 * dropped and the fold (`events/projection-folder.ts`, `storage/kysely/projection-fold.ts`) keeps them from the
 * event log, by the rules of `events/projections/analytics-*.projection.ts`, shortly after each commit.
 *
 * - `projection_cursors`: one row per folded cursor (`analytics`), the last event folded as (`after_txid`,
 *   `after_seq`), the webhook fan-out's order (migration 0010): `seq` on SQLite (commit order, txid 0), (txid, seq)
 *   of committed transactions on PostgreSQL. It starts at the newest event stored: the triggers folded those.
 * - `analytics_sessions.folded_seq`: the last event folded into the row. On PostgreSQL two transactions can commit
 *   one session's events in the other order than their txids (a session locked second by the older transaction), so
 *   a fold that meets an event older than the row's `folded_seq` rebuilds that session from its events.
 * - `sessions.analytics_pending`: 1 for a session whose facts row the fold has not written yet, so sessions without
 *   any event still count as impressions; null once folded (and for every session the triggers saw). A partial
 *   index finds the few waiting.
 *
 * One way only: the down migration does not bring the triggers back.
 */
export function analyticsFoldMigration(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  return {
    async up(db: Kysely<unknown>) {
      if (pg) {
        await sql`drop trigger events_analytics_insert on events`.execute(db);
        await sql`drop trigger sessions_analytics_insert on sessions`.execute(db);
        await sql`drop trigger sessions_analytics_delete on sessions`.execute(db);
        for (const facts of ['analytics_steps', 'analytics_sessions']) {
          for (const op of ['insert', 'update']) await sql.raw(`drop trigger ${facts}_days_${op} on ${facts}`).execute(db);
        }
        for (const fn of ['event', 'session', 'session_delete', 'step_days', 'session_days']) {
          await sql.raw(`drop function reelback_analytics_${fn}()`).execute(db);
        }
      } else {
        for (const name of ['started', 'completed', 'viewed', 'video', 'response']) await sql.raw(`drop trigger events_analytics_${name}`).execute(db);
        await sql`drop trigger sessions_analytics_insert`.execute(db);
        await sql`drop trigger sessions_analytics_delete`.execute(db);
        for (const facts of ['analytics_steps', 'analytics_sessions']) {
          for (const op of ['insert', 'delete', 'update']) await sql.raw(`drop trigger ${facts}_days_${op}`).execute(db);
        }
      }
      await db.schema
        .createTable('projection_cursors')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('after_txid', 'bigint', (c) => c.notNull())
        .addColumn('after_seq', 'bigint', (c) => c.notNull())
        .execute();
      // Read after the triggers are gone (PostgreSQL: the drop waited for every writer of `events`): every event up
      // to here was folded by them, every later one is the fold's.
      if (pg) {
        await sql`insert into projection_cursors (name, after_txid, after_seq)
          select 'analytics', coalesce(max(txid), 0), coalesce(max(seq), 0) from events`.execute(db);
      } else {
        await sql`insert into projection_cursors (name, after_txid, after_seq) select 'analytics', 0, coalesce(max(seq), 0) from events`.execute(db);
      }
      await sql`alter table analytics_sessions add column folded_seq bigint`.execute(db);
      if (pg) {
        // No default at first: PostgreSQL would give every existing row the value (they are folded already).
        await sql`alter table sessions add column analytics_pending integer`.execute(db);
        await sql`alter table sessions alter column analytics_pending set default 1`.execute(db);
      } else {
        await sql`alter table sessions add column analytics_pending integer default 1`.execute(db);
        await sql`update sessions set analytics_pending = null`.execute(db);
      }
      await sql`create index sessions_analytics_pending_idx on sessions (analytics_pending) where analytics_pending is not null`.execute(db);
    },
    async down() {
      throw new Error('migration 0024-analytics-fold cannot be undone: the analytics triggers it dropped are not recreated');
    },
  };
}
