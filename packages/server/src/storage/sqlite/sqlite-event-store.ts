import type { Selectable } from 'kysely';
import type { EventStore, SessionAppend, SessionRecordRow } from '../../ports/storage.js';
import { toJson } from '../kysely/codec.js';
import { toSession } from '../kysely/rows.js';
import type { SessionsTable } from '../kysely/schema.js';
import type { SqliteGroupCommit } from './group-commit.js';
import type { StatementCache } from './statement-cache.js';

// Plain prepared statements: this is the busiest write path, and Kysely's per-query compile and async driver
// cost more than the writes themselves. The table shapes are the Kysely migrations' (kysely/migrations).
const SELECT_SESSION = 'select * from sessions where id = ?';
const SELECT_STORED_IDS = 'select id from events where id in (select value from json_each(?))';
const INSERT_EVENT = 'insert into events (id, session_id, type, time, received_at, event) values (?, ?, ?, ?, ?, ?)';
const UPDATE_PROGRESS = 'update sessions set progress = ?, completed_at = ? where id = ?';

/**
 * The event write path on SQLite: runs synchronously inside a group commit (see `SqliteGroupCommit`) instead of
 * one awaited transaction per batch, so many batches share one fsync.
 */
export class SqliteEventStore implements EventStore {
  constructor(
    private readonly statements: StatementCache,
    private readonly groupCommit: SqliteGroupCommit,
  ) {}

  appendToSession<T>(
    sessionId: string,
    eventIds: readonly string[],
    decide: (state: { session: SessionRecordRow; storedIds: ReadonlySet<string> }) => SessionAppend<T>,
  ): Promise<T | undefined> {
    return this.groupCommit.run(() => {
      const row = this.statements.prepare(SELECT_SESSION).get(sessionId) as Selectable<SessionsTable> | undefined;
      if (!row) return undefined;
      const stored = this.statements.prepare(SELECT_STORED_IDS).all(JSON.stringify(eventIds)) as { id: string }[];
      const decision = decide({ session: toSession(row), storedIds: new Set(stored.map((e) => e.id)) });
      if (decision.events.length > 0) {
        const insert = this.statements.prepare(INSERT_EVENT);
        for (const { event, receivedAt } of decision.events) {
          insert.run(event.id, sessionId, event.type, event.time, receivedAt, toJson(event));
        }
        this.statements.prepare(UPDATE_PROGRESS).run(toJson(decision.progress), decision.completedAt, sessionId);
      }
      return decision.result;
    });
  }
}
