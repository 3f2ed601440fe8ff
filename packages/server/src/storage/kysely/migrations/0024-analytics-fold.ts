import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * The analytics facts (0008) and their day rollups (0011) leave the ingest path (issue #14): their triggers are
 * dropped and the fold (`events/projection-folder.ts`, `storage/kysely/projection-fold.ts`) keeps them from the
 * event log, by the rules of `events/projections/analytics-*.projection.ts`, shortly after each commit.
 *
 * - `projection_cursors`: one row per folded cursor (`analytics`). SQLite hands out `seq` in commit order (one
 *   writer): `after_seq` is the last event folded. PostgreSQL hands out `seq` at insert, not at commit, so the
 *   cursor is a snapshot instead (`snapshot`, `pg_current_snapshot()` as text): the events of every transaction
 *   visible in it are folded. A fold takes a newer snapshot as its `target`, folds the events of the transactions
 *   visible in the target but not in `snapshot`, in `seq` order (`after_seq` is how far it got), then makes the
 *   target its snapshot. Unlike an xmin horizon (migration 0010's sweep), a long transaction elsewhere in the
 *   cluster does not hold it back, and a session's events (written under its row lock) fold in their order.
 *   It starts where the triggers stopped: every event stored up to here.
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
        .addColumn('snapshot', 'text')
        .addColumn('target', 'text')
        .addColumn('after_seq', 'bigint', (c) => c.notNull())
        .execute();
      // Taken after the triggers are gone (PostgreSQL: the drop waited for every writer of `events`, so every
      // transaction that wrote one has ended): every event up to here was folded by them, every later one is the fold's.
      if (pg) {
        await sql`insert into projection_cursors (name, snapshot, after_seq) values ('analytics', pg_current_snapshot()::text, 0)`.execute(db);
      } else {
        await sql`insert into projection_cursors (name, after_seq) select 'analytics', coalesce(max(seq), 0) from events`.execute(db);
      }
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
