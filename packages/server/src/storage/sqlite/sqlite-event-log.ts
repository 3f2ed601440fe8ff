import type { Selectable } from 'kysely';
import type { InTransactionProjection } from '../../events/projections/projection.js';
import { idsPlaceholder } from '../../events/projections/projection.js';
import { EventIdConflict, type EventLog, type LoadedLog, type SessionWrite } from '../../ports/event-log.js';
import { toJson } from '../kysely/codec.js';
import { toSession } from '../kysely/rows.js';
import type { SessionsTable } from '../kysely/schema.js';
import type { SqliteGroupCommit } from './group-commit.js';
import type { StatementCache } from './statement-cache.js';

// Plain prepared statements: this is the busiest write path, and Kysely's per-query compile and async driver
// cost more than the writes themselves. The table shapes are the Kysely migrations' (kysely/migrations).
const SELECT_SESSIONS = 'select * from sessions where id in (select value from json_each(?))';
const SELECT_STORED_IDS = 'select id from events where id in (select value from json_each(?))';
const INSERT_EVENT = 'insert into events (id, session_id, type, time, received_at, event) values (?, ?, ?, ?, ?, ?)';
const UPDATE_PROGRESS = 'update sessions set progress = ?, completed_at = ? where id = ?';

/**
 * The event log on SQLite: runs synchronously inside a group commit (see `SqliteGroupCommit`) instead of one awaited
 * transaction per call, so many share one fsync. One writer at a time, so loading the sessions locks them already.
 * The in-transaction projections (`events/projections.ts`) run after the events are written, once per call.
 */
export class SqliteEventLog implements EventLog {
  private readonly projections: readonly string[];

  constructor(
    private readonly statements: StatementCache,
    private readonly groupCommit: SqliteGroupCommit,
    projections: readonly InTransactionProjection[],
  ) {
    this.projections = projections.map((p) => idsPlaceholder(p.sql.sqlite).join('?'));
  }

  transact<R>(
    sessionIds: readonly string[],
    eventIds: readonly string[],
    apply: (loaded: LoadedLog) => { writes: readonly SessionWrite[]; result: R },
  ): Promise<R> {
    return this.groupCommit.run(() => {
      const rows = this.statements.prepare(SELECT_SESSIONS).all(JSON.stringify(sessionIds)) as Selectable<SessionsTable>[];
      const stored =
        eventIds.length === 0 ? [] : (this.statements.prepare(SELECT_STORED_IDS).all(JSON.stringify(eventIds)) as { id: string }[]);
      const { writes, result } = apply({ sessions: new Map(rows.map((row) => [row.id, toSession(row)])), storedIds: new Set(stored.map((e) => e.id)) });
      const insert = this.statements.prepare(INSERT_EVENT);
      const update = this.statements.prepare(UPDATE_PROGRESS);
      for (const write of writes) {
        for (const { event, receivedAt } of write.events) {
          try {
            insert.run(event.id, write.sessionId, event.type, event.time, receivedAt, toJson(event));
          } catch (error) {
            // The group commit rolls this call's savepoint back; the append runs again and sees the id as stored.
            if (isUniqueViolation(error)) throw new EventIdConflict(error);
            throw error;
          }
        }
        update.run(toJson(write.progress), write.completedAt, write.sessionId);
      }
      const written = writes.flatMap((w) => w.events.map((e) => e.event.id));
      if (written.length > 0) for (const projection of this.projections) this.statements.prepare(projection).run(JSON.stringify(written));
      return result;
    });
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
