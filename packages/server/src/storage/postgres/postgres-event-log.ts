import { type Insertable, type Kysely, sql } from 'kysely';
import { idsPlaceholder, type InTransactionProjection } from '../../events/projections/projection.js';
import { EventIdConflict, type EventLog, type LoadedLog, type SessionWrite } from '../../ports/event-log.js';
import { toJson } from '../kysely/codec.js';
import { inTransaction } from '../kysely/in-transaction.js';
import { toSession } from '../kysely/rows.js';
import type { Database } from '../kysely/schema.js';

/**
 * The event log on PostgreSQL: one row-lock query for all the sessions of a call (in id order, so concurrent calls
 * cannot deadlock), one duplicate check, one insert, one update — four round trips however many appends share it
 * (`events/append.ts` groups those of one turn of the event loop), then one statement per in-transaction projection
 * (`events/projections.ts`) over all the events written.
 */
export class PostgresEventLog implements EventLog {
  private readonly projections: ReadonlyArray<[string, string]>;

  constructor(
    private readonly db: Kysely<Database>,
    projections: readonly InTransactionProjection[],
  ) {
    this.projections = projections.map((p) => idsPlaceholder(p.sql.postgres));
  }

  async transact<R>(
    sessionIds: readonly string[],
    eventIds: readonly string[],
    apply: (loaded: LoadedLog) => { writes: readonly SessionWrite[]; result: R },
  ): Promise<R> {
    try {
      return await inTransaction(this.db, async (trx) => {
        const ids = [...sessionIds].sort();
        const rows = await trx.selectFrom('sessions').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
        const stored = eventIds.length === 0 ? [] : await trx.selectFrom('events').select('id').where('id', 'in', [...eventIds]).execute();
        const { writes, result } = apply({ sessions: new Map(rows.map((row) => [row.id, toSession(row)])), storedIds: new Set(stored.map((e) => e.id)) });
        const inserts: Insertable<Database['events']>[] = writes.flatMap((write) =>
          write.events.map(({ event, receivedAt }) => ({
            id: event.id,
            session_id: write.sessionId,
            type: event.type,
            time: event.time,
            received_at: receivedAt,
            event: toJson(event),
          })),
        );
        if (inserts.length > 0) {
          await trx.insertInto('events').values(inserts).execute();
          const updates = writes.map((w) => sql`(${w.sessionId}, ${toJson(w.progress)}, ${w.completedAt})`);
          await sql`update sessions set progress = v.progress::jsonb, completed_at = v.completed_at::timestamptz
            from (values ${sql.join(updates)}) as v(id, progress, completed_at) where sessions.id = v.id`.execute(trx);
          const written = JSON.stringify(inserts.map((row) => row.id));
          for (const [before, after] of this.projections) await sql`${sql.raw(before)}${written}${sql.raw(after)}`.execute(trx);
        }
        return result;
      });
    } catch (error) {
      if ((error as { code?: unknown }).code === '23505') throw new EventIdConflict(error);
      throw error;
    }
  }
}
