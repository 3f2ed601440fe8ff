import type { Kysely } from 'kysely';
import type { EventStore, SessionAppend, SessionRecordRow } from '../../ports/storage.js';
import { toJson } from './codec.js';
import { toSession } from './rows.js';
import type { Database, Dialect } from './schema.js';
import { inTransaction } from './in-transaction.js';

export class KyselyEventStore implements EventStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async appendToSession<T>(
    sessionId: string,
    eventIds: readonly string[],
    decide: (state: { session: SessionRecordRow; storedIds: ReadonlySet<string> }) => SessionAppend<T>,
  ): Promise<T | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.appendOnce(sessionId, eventIds, decide);
      } catch (error) {
        // Two batches for different sessions that carry one event id race on the unique index; run again
        // so the loser sees the id as stored (a duplicate) instead of failing.
        if (attempt >= 3 || !isUniqueViolation(error)) throw error;
      }
    }
  }

  private async appendOnce<T>(
    sessionId: string,
    eventIds: readonly string[],
    decide: (state: { session: SessionRecordRow; storedIds: ReadonlySet<string> }) => SessionAppend<T>,
  ): Promise<T | undefined> {
    return inTransaction(this.db, async (trx) => {
      // PostgreSQL: the row lock makes concurrent batches for one session apply one after the other.
      // SQLite: one connection and one writer, so transactions are serial already.
      const row = await trx
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', sessionId)
        .$if(this.dialect === 'postgres', (qb) => qb.forUpdate())
        .executeTakeFirst();
      if (!row) return undefined;
      const stored =
        eventIds.length === 0
          ? []
          : await trx.selectFrom('events').select('id').where('id', 'in', [...eventIds]).execute();
      const decision = decide({ session: toSession(row), storedIds: new Set(stored.map((e) => e.id)) });
      if (decision.events.length > 0) {
        await trx
          .insertInto('events')
          .values(
            decision.events.map(({ event, receivedAt }) => ({
              id: event.id,
              session_id: sessionId,
              type: event.type,
              time: event.time,
              received_at: receivedAt,
              event: toJson(event),
            })),
          )
          .execute();
        await trx
          .updateTable('sessions')
          .set({ progress: toJson(decision.progress), completed_at: decision.completedAt })
          .where('id', '=', sessionId)
          .execute();
      }
      return decision.result;
    });
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
