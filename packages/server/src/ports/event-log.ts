import type { SessionProgress } from '@reelback/shared';
import type { SessionRecordRow, StoredEventRow } from './session-store.js';
import type { IsoTime } from './store-types.js';

/** What `EventLog.transact` found: the sessions asked for (a missing one does not exist) and which event ids are stored. */
export interface LoadedLog {
  sessions: ReadonlyMap<string, SessionRecordRow>;
  storedIds: ReadonlySet<string>;
}

/** One session's share of a transaction: the events to insert, in order, and the session's progress after them. */
export interface SessionWrite {
  sessionId: string;
  events: StoredEventRow[];
  progress: SessionProgress;
  completedAt: IsoTime | null;
}

/**
 * The event log's storage: one write transaction per call. What to write is decided by `events/append.ts` (the one
 * append, shared by both engines); each engine only reads, locks and writes, in its fastest way.
 */
export interface EventLog {
  /**
   * In one transaction: loads `sessionIds` (locked against other appends to them until the commit) and which of
   * `eventIds` are stored, hands them to `apply`, and writes the sessions' events and progress it returns. Resolves
   * `apply`'s result once committed; `apply` must be pure (a transaction retried after a conflict runs it again).
   * An event id stored meanwhile by another transaction rejects with `EventIdConflict`: nothing was written.
   */
  transact<R>(
    sessionIds: readonly string[],
    eventIds: readonly string[],
    apply: (loaded: LoadedLog) => { writes: readonly SessionWrite[]; result: R },
  ): Promise<R>;
}

/** An event id was stored by another transaction between the duplicate check and the insert: run the append again. */
export class EventIdConflict extends Error {
  constructor(cause: unknown) {
    super('an event id of this append was stored meanwhile', { cause });
    this.name = 'EventIdConflict';
  }
}
