import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * The webhook fan-out's durable cursor (#6), so that an event committed just before a crash still gets its
 * deliveries: a sweep fans out every committed event after the cursor, then moves it (webhooks/fanout-sweep.ts).
 *
 * - `webhook_fanout_cursor`: one row (`id = 'events'`), the last event fanned out as (`after_txid`, `after_seq`).
 * - SQLite has one writer: `events.seq` is handed out in commit order, so "every event with a seq up to the cursor
 *   is committed and fanned out" holds with `after_txid` 0. It starts at the newest event already stored: those were
 *   fanned out (or not) by the process that stored them, as before this migration.
 * - PostgreSQL hands out `seq` when a row is inserted, not when it commits: under concurrent writers seq 11 can be
 *   visible while seq 10 is still uncommitted, so a cursor on seq alone would step over 10 for good. Each new event
 *   row therefore records the id of the transaction that wrote it (`events.txid`, `pg_current_xact_id()`, a 64-bit
 *   id that never wraps) and the sweep only reads rows whose transaction is older than the oldest transaction still
 *   running (`pg_snapshot_xmin` of the statement's own snapshot): every such transaction has ended, so no row can
 *   appear later below the cursor, which runs in (txid, seq) order. Rows stored before this migration have no txid
 *   and are not swept (the cursor starts at 0).
 * - `events.txid_floor` (PostgreSQL) is the lowest transaction id that could still commit after the row's own
 *   transaction: the smaller of its txid and the xmin of the inserting statement's snapshot. Every event committed
 *   after this one has a txid at or above it, which is what the event stream's Last-Event-ID resume needs.
 *
 * Both columns are added without a default first and given it afterwards, so PostgreSQL does not rewrite a large
 * events table (old rows keep null).
 */
export function webhookFanoutMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('webhook_fanout_cursor')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('after_txid', 'bigint', (c) => c.notNull())
        .addColumn('after_seq', 'bigint', (c) => c.notNull())
        .execute();
      // The sweep looks up the deliveries of the events it fans out (the unique key leads with the endpoint).
      await db.schema.createIndex('webhook_deliveries_event_idx').on('webhook_deliveries').column('event_id').execute();
      if (dialect === 'postgres') {
        await sql`alter table events add column txid bigint`.execute(db);
        await sql`alter table events add column txid_floor bigint`.execute(db);
        await sql`alter table events alter column txid set default (pg_current_xact_id()::text::bigint)`.execute(db);
        await sql`alter table events alter column txid_floor set default least(pg_current_xact_id()::text::bigint, pg_snapshot_xmin(pg_current_snapshot())::text::bigint)`.execute(
          db,
        );
        await sql`create index events_txid_seq_idx on events (txid, seq)`.execute(db);
        await sql`insert into webhook_fanout_cursor (id, after_txid, after_seq) values ('events', 0, 0)`.execute(db);
      } else {
        await sql`insert into webhook_fanout_cursor (id, after_txid, after_seq) select 'events', 0, coalesce(max(seq), 0) from events`.execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      if (dialect === 'postgres') {
        await sql`drop index events_txid_seq_idx`.execute(db);
        await sql`alter table events drop column txid_floor`.execute(db);
        await sql`alter table events drop column txid`.execute(db);
      }
      await db.schema.dropIndex('webhook_deliveries_event_idx').execute();
      await db.schema.dropTable('webhook_fanout_cursor').execute();
    },
  };
}
