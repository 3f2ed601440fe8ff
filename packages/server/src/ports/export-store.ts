import type { ReelbackEvent } from '@reelback/shared';
import type { SessionCursor, SessionRecordRow } from './session-store.js';
import type { IsoTime, Scope } from './store-types.js';

/**
 * The exports port: the rows of a workspace read in keyset-paginated batches (each call one bounded query), so an
 * export of any size streams with constant memory. Answers themselves come from the AnswerStore (`list` with its
 * cursor, `count`), so the inbox filters are the same code.
 */

/** Which sessions (by start) or events (by arrival) an export covers: half-open [from, to). */
export interface ExportRange {
  flowId?: string;
  from?: IsoTime;
  to?: IsoTime;
}

export interface SessionExportRecord extends SessionRecordRow {
  /** Answers submitted in the session. */
  answers: number;
}

/**
 * One event as the CSV export's cells, read as text: a million-event export would otherwise spend a good part of its
 * time parsing each stored CloudEvent only to serialise its `data` again (bench/analytics).
 */
export interface EventExportRecord {
  /** Server order of acceptance, across all sessions: the events export's cursor. */
  seq: number;
  id: string;
  type: string;
  /** The event's own `time` (the sender's clock), as the event carries it. */
  time: string;
  receivedAt: IsoTime;
  sessionId: string;
  /** The event's `data` as JSON text in `JSON.stringify`'s form (no spaces), or null when the event has none. */
  data: string | null;
}

/** One event as the NDJSON export's line. */
export interface EventJsonRecord {
  seq: number;
  /** The stored CloudEvent as one line of JSON text in `JSON.stringify`'s form. */
  json: string;
}

export interface ExportStore {
  /**
   * How many events one `events` or `eventJson` read should ask for, this engine's best. PostgreSQL pays a round
   * trip and a plan per read: over 986,931 events 1,000 a read exported in 15.7–18.2 s, 500 in 19.1–20.2 s, 2,000
   * in 17.6–20.8 s with ≈ 20 MB more resident. SQLite only keeps more rows alive at once (its reads of 500 were
   * quicker than of 2,000).
   */
  readonly eventBatchSize: number;
  /** Newest first (`startedAt desc, id desc`), after `after`. */
  sessions(scope: Scope, range: ExportRange, limit: number, after?: SessionCursor): Promise<SessionExportRecord[]>;
  countSessions(scope: Scope, range: ExportRange): Promise<number>;
  /** In the order the server accepted them (`seq`), after `afterSeq`; `from`/`to` bound the time received. */
  events(scope: Scope, range: ExportRange, limit: number, afterSeq?: number): Promise<EventExportRecord[]>;
  /**
   * Where the engine has a quicker read than `events`: the body rows of the events CSV (no header) as UTF-8 bytes,
   * the same text `events` written by the CSV writer gives, read as the client takes them (flat memory).
   * PostgreSQL's COPY (one query instead of a round trip and a plan per batch); SQLite's rows as arrays.
   */
  readonly eventCsvRows?: (scope: Scope, range: ExportRange) => AsyncIterable<Uint8Array>;
  /** The same events as `events`, each as its stored CloudEvent in JSON text. */
  eventJson(scope: Scope, range: ExportRange, limit: number, afterSeq?: number): Promise<EventJsonRecord[]>;
  countEvents(scope: Scope, range: ExportRange): Promise<number>;
  /**
   * The viewer events that move a session along its steps (`step.viewed`, `choice.selected`, `answer.submitted`,
   * `cta.clicked`) of each of these sessions, in the order they were accepted: one query per batch of answers.
   */
  stepEvents(sessionIds: readonly string[]): Promise<Map<string, ReelbackEvent[]>>;
  /** The variables kept with each of these sessions (`sessions.vars`): one query per batch of answers. */
  sessionVars(sessionIds: readonly string[]): Promise<Map<string, Record<string, string>>>;
}
