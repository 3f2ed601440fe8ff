import type { ReelbackEvent, SessionContext, SessionProgress } from '@reelback/shared';
import type { IsoTime, Scope } from './store-types.js';

export interface SessionRecordRow {
  id: string;
  flowId: string;
  flowVersion: number;
  context: SessionContext;
  progress: SessionProgress;
  /** The variables kept with the session (declared by its flow; migration 0013). */
  vars: Record<string, string>;
  startedAt: IsoTime;
  completedAt: IsoTime | null;
}

export interface StoredEventRow {
  event: ReelbackEvent;
  receivedAt: IsoTime;
}

export type SessionWithEvents = SessionRecordRow & { events: StoredEventRow[] };

/** Where a page of the newest-first session list ends. */
export interface SessionCursor {
  startedAt: IsoTime;
  id: string;
}

export interface SessionStore {
  /** `false` when a session with this id exists already. */
  insert(session: SessionRecordRow): Promise<boolean>;
  /** Without a scope: any workspace's session (public routes, jobs). */
  get(id: string, scope?: Scope): Promise<SessionRecordRow | undefined>;
  getWithEvents(scope: Scope, id: string): Promise<SessionWithEvents | undefined>;
  /** Newest first; each session's events in the order they were accepted. */
  list(scope: Scope, query: { flowId?: string; limit: number; after?: SessionCursor }): Promise<SessionWithEvents[]>;
  /**
   * The scope's sessions with a contact answer (`reelback.answer.submitted`, `answer.kind` `contact`) whose e-mail
   * equals `email` (trimmed, case-insensitive; `email` is given trimmed and lower-cased). Found in SQL.
   */
  findByContactEmail(scope: Scope, email: string): Promise<string[]>;
  /**
   * Deletes the scope's sessions among `ids` with everything that hangs off them (events, clips, transcripts and
   * their search index) in one transaction; ids outside the scope are left alone. Returns what went.
   */
  deleteWithData(scope: Scope, ids: readonly string[]): Promise<{ sessions: number; clips: number; transcripts: number }>;
}
