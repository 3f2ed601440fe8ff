import type {
  ClipKind,
  ClipRendition,
  ClipStatus,
  FlowDefinition,
  ReelbackEvent,
  ServerEvent,
  SessionContext,
  SessionProgress,
  TranscriptionResult,
  TranscriptSegment,
  TranscriptStatus,
} from '@reelback/shared';

/** Timestamps cross the port as ISO-8601 UTC strings (`Date#toISOString`). */
export type IsoTime = string;

export interface FlowRecord {
  id: string;
  name: string;
  draft: FlowDefinition;
  latestVersion: number | null;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

export interface FlowVersionInfo {
  flowId: string;
  version: number;
  publishedAt: IsoTime;
}

export interface FlowVersionRecord extends FlowVersionInfo {
  definition: FlowDefinition;
}

export interface FlowStore {
  /** `false` when a flow with this id exists already. */
  insert(flow: { id: string; draft: FlowDefinition; at: IsoTime }): Promise<boolean>;
  get(id: string): Promise<FlowRecord | undefined>;
  list(): Promise<FlowRecord[]>;
  /** `undefined` when there is no such flow. */
  updateDraft(id: string, draft: FlowDefinition, at: IsoTime): Promise<FlowRecord | undefined>;
  /** Stores `definition` as the flow's next version number; `undefined` when there is no such flow. */
  publish(flowId: string, definition: FlowDefinition, at: IsoTime): Promise<FlowVersionRecord | undefined>;
  /** The given version, or the latest one when `version` is undefined. */
  getVersion(flowId: string, version?: number): Promise<FlowVersionRecord | undefined>;
  listVersions(flowId: string): Promise<FlowVersionInfo[]>;
}

export interface SessionRecordRow {
  id: string;
  flowId: string;
  flowVersion: number;
  context: SessionContext;
  progress: SessionProgress;
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
  get(id: string): Promise<SessionRecordRow | undefined>;
  getWithEvents(id: string): Promise<SessionWithEvents | undefined>;
  /** Newest first; each session's events in the order they were accepted. */
  list(query: { flowId?: string; limit: number; after?: SessionCursor }): Promise<SessionWithEvents[]>;
}

/** What a decision made inside `appendToSession` asks the store to write. */
export interface SessionAppend<T> {
  events: StoredEventRow[];
  progress: SessionProgress;
  completedAt: IsoTime | null;
  result: T;
}

export interface EventStore {
  /**
   * Runs `decide` on the session's current state, with the ids among `eventIds` that are stored already,
   * and writes what it returns (events and progress) in one transaction. Concurrent calls for one session
   * run one after the other, so `decide` always sees the latest progress.
   * Resolves `undefined` when the session does not exist.
   */
  appendToSession<T>(
    sessionId: string,
    eventIds: readonly string[],
    decide: (state: { session: SessionRecordRow; storedIds: ReadonlySet<string> }) => SessionAppend<T>,
  ): Promise<T | undefined>;
}

/** One stored file of a clip; `key` names it in the BlobStore. */
export interface ClipMediaRecord {
  rendition: ClipRendition;
  key: string;
  contentType: string;
  sizeBytes: number;
}

export interface ClipRecord {
  id: string;
  sessionId: string;
  stepId: string;
  kind: ClipKind;
  status: ClipStatus;
  reason: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  /** What ffprobe found inside, e.g. `matroska,webm`. */
  container: string | null;
  media: ClipMediaRecord[];
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

export type ClipChanges = Partial<
  Pick<ClipRecord, 'status' | 'reason' | 'sizeBytes' | 'durationSeconds' | 'width' | 'height' | 'container' | 'media'>
>;

export interface ClipStore {
  insert(clip: ClipRecord): Promise<void>;
  get(id: string): Promise<ClipRecord | undefined>;
  listForSession(sessionId: string): Promise<ClipRecord[]>;
  countForSession(sessionId: string): Promise<number>;
  /**
   * Applies `changes` only when the clip's status is one of `from`, and in the same transaction appends
   * `event` to the clip's session: so a status change and the server event that announces it happen
   * together, once. Resolves the updated clip, or `undefined` when the clip is missing or in another status.
   */
  transition(
    id: string,
    from: readonly ClipStatus[],
    changes: ClipChanges & { updatedAt: IsoTime },
    event?: ServerEvent,
  ): Promise<ClipRecord | undefined>;
  /** Clips whose upload has not finished, oldest first (recovery after a crash). */
  listUploading(limit: number): Promise<ClipRecord[]>;
}

export interface TranscriptRecord {
  clipId: string;
  sessionId: string;
  status: TranscriptStatus;
  jobId: string | null;
  engine: TranscriptionResult['engine'] | null;
  model: string | null;
  language: string | null;
  durationSeconds: number | null;
  processingSeconds: number | null;
  segments: TranscriptSegment[];
  text: string | null;
  original: { text: string; segments: TranscriptSegment[] } | null;
  editedAt: IsoTime | null;
  error: string | null;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

export interface TranscriptSearchRow {
  clipId: string;
  sessionId: string;
  text: string;
}

export interface TranscriptStore {
  /** Records that the clip waits for a transcript (no change when it has a row already). */
  queue(ref: { clipId: string; sessionId: string; jobId: string | null; at: IsoTime }): Promise<void>;
  get(clipId: string): Promise<TranscriptRecord | undefined>;
  /**
   * Stores the engine's result, only while the transcript is not `ready`, with `event` in the same transaction:
   * a job run twice stores one transcript and one event. Resolves false when it was ready already.
   */
  complete(clipId: string, result: TranscriptionResult & { processingSeconds: number }, at: IsoTime, event: ServerEvent): Promise<boolean>;
  /** Marks it failed (only while queued), with `event` in the same transaction. */
  fail(clipId: string, error: string, at: IsoTime, event: ServerEvent): Promise<boolean>;
  /** Replaces the segments with an owner's edit; the engine's first version is kept as `original`. */
  edit(clipId: string, segments: TranscriptSegment[], at: IsoTime): Promise<TranscriptRecord | undefined>;
  /** Full-text search over transcript text, best matches first. */
  search(query: string, limit: number): Promise<TranscriptSearchRow[]>;
}

export type StorageHealth = { ok: true } | { ok: false; reason: string };

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  readonly flows: FlowStore;
  readonly sessions: SessionStore;
  readonly events: EventStore;
  readonly clips: ClipStore;
  readonly transcripts: TranscriptStore;
  /** Brings the schema up to date; safe to run at every start. */
  migrate(): Promise<void>;
  /** Reachable and fully migrated. */
  health(): Promise<StorageHealth>;
  close(): Promise<void>;
}
