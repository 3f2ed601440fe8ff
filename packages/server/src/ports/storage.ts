import type {
  ClipKind,
  Editor,
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
import type { AnalyticsStore } from '../analytics/analytics-store.js';
import type { ExportStore } from '../exports/export-store.js';
import type { WebhookStore } from '../webhooks/webhook-store.js';
import type { MediaAssetStore } from '../media-library/media-asset-store.js';
import type { SetupStore } from './setup-store.js';
import type { AuditRecord, AuditStore } from '../audit/audit-store.js';
import type { TeamStore } from '../accounts/team-store.js';
import type { SsoStore } from '../sso/sso-store.js';
import type { MailDeliveryStore } from '../mail/mail-delivery-store.js';
import type { AnswerAnalysisStore } from './answer-analysis-store.js';

/** Timestamps cross the port as ISO-8601 UTC strings (`Date#toISOString`). */
export type IsoTime = string;

/**
 * Whose rows an owner query sees: those whose flow belongs to `workspaceId` (compared with IS NOT DISTINCT FROM,
 * so `null`, the admin key before the bootstrap made a workspace, sees the flows that have no workspace).
 * Owner routes pass one to every read and write; public routes and background jobs pass none and see everything.
 */
export interface Scope {
  readonly workspaceId: string | null;
}

export interface FlowRecord {
  id: string;
  name: string;
  draft: FlowDefinition;
  /** 1 when made, one more at every save of the draft: the ETag editors send back as If-Match. */
  revision: number;
  latestVersion: number | null;
  createdAt: IsoTime;
  /** When the draft was last saved, and by whom (null for drafts saved before that was recorded). */
  updatedAt: IsoTime;
  draftUpdatedBy: Editor | null;
  archivedAt: IsoTime | null;
  archivedBy: Editor | null;
}

export interface FlowVersionInfo {
  flowId: string;
  version: number;
  publishedAt: IsoTime;
  publishedBy: Editor | null;
}

export interface FlowVersionRecord extends FlowVersionInfo {
  definition: FlowDefinition;
  /** The flow's archive time when the version was read (public reads refuse archived flows). */
  flowArchivedAt: IsoTime | null;
  /** The flow's workspace: the public read resolves the version's library media in it, and in no other. */
  workspaceId: string | null;
}

/** Why a conditional write of a draft did not happen; the flow as it is now comes along. */
export type DraftRefusal =
  | { outcome: 'missing' }
  | { outcome: 'archived'; flow: FlowRecord }
  /** The draft is at another revision than the one expected. */
  | { outcome: 'stale'; flow: FlowRecord };

export type DraftWrite = { outcome: 'saved'; flow: FlowRecord } | DraftRefusal;
export type FlowPublish = { outcome: 'published'; version: FlowVersionRecord } | DraftRefusal;

export interface FlowStore {
  /** `false` when a flow with this id exists already (in any workspace: flow ids are global). Revision 1. */
  insert(flow: { id: string; draft: FlowDefinition; at: IsoTime; workspaceId: string | null; by: Editor }): Promise<boolean>;
  /** Without a scope: any workspace's flow (public routes). */
  get(id: string, scope?: Scope): Promise<FlowRecord | undefined>;
  /** The active flows, or with `archived` only the archived ones; newest first. */
  list(scope: Scope, options?: { archived?: boolean }): Promise<FlowRecord[]>;
  /**
   * Replaces the draft and adds one to its revision, in one statement that also checks the flow is in the scope,
   * not archived, and (when `expectedRevision` is given) still at that revision. When it did not write, says why.
   */
  updateDraft(scope: Scope, id: string, draft: FlowDefinition, write: { at: IsoTime; by: Editor; expectedRevision?: number }): Promise<DraftWrite>;
  /**
   * Stores `definition` as the flow's next version number, only while the draft is still at `draftRevision` (the
   * revision `definition` was read from) and the flow is not archived. `audit`, given the new version's number, is
   * the entry written in the same transaction.
   */
  publish(
    scope: Scope,
    flowId: string,
    definition: FlowDefinition,
    write: { at: IsoTime; by: Editor; draftRevision: number },
    audit?: (version: number) => AuditRecord,
  ): Promise<FlowPublish>;
  /**
   * Archives (`archive` given) or unarchives (null) the flow; unchanged if it is so already. `undefined`: no such flow.
   * `audit` is written in the same transaction, only when the flow changed.
   */
  setArchived(scope: Scope, id: string, archive: { at: IsoTime; by: Editor } | null, audit?: AuditRecord): Promise<FlowRecord | undefined>;
  /** The given version, or the latest one when `version` is undefined; without a scope, of any workspace's flow. */
  getVersion(flowId: string, version?: number, scope?: Scope): Promise<FlowVersionRecord | undefined>;
  listVersions(scope: Scope, flowId: string): Promise<FlowVersionInfo[]>;
}

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
  /** Without a scope: any workspace's clip (uploads, jobs). */
  get(id: string, scope?: Scope): Promise<ClipRecord | undefined>;
  listForSession(scope: Scope, sessionId: string): Promise<ClipRecord[]>;
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
  /** Whether an answer (a submitted step) names the clip: a submitted clip is never discarded. */
  isSubmitted(id: string): Promise<boolean>;
  /** Ids of clips made before `createdBefore` that no answer names, oldest first (what the unsubmitted sweep discards). */
  listUnsubmittedBefore(createdBefore: IsoTime, limit: number): Promise<string[]>;
  /**
   * Deletes a clip no answer names, with its transcript (a take the viewer threw away; the session's event log keeps
   * what happened);
   * resolves false when it is missing or was submitted meanwhile.
   */
  discard(id: string): Promise<boolean>;
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
  /** Without a scope: any workspace's transcript (jobs). */
  get(clipId: string, scope?: Scope): Promise<TranscriptRecord | undefined>;
  /**
   * Stores the engine's result, only while the transcript is not `ready`, with `event` in the same transaction:
   * a job run twice stores one transcript and one event. Resolves false when it was ready already.
   */
  complete(clipId: string, result: TranscriptionResult & { processingSeconds: number }, at: IsoTime, event: ServerEvent): Promise<boolean>;
  /**
   * Replaces a ready transcript made by `from` (PocketSphinx) with a better engine's result, with `event`, unless an
   * owner edited it meanwhile (their words win). Resolves false when nothing was replaced.
   */
  replaceMachineTranscript(
    clipId: string,
    from: TranscriptionResult['engine'],
    result: TranscriptionResult & { processingSeconds: number },
    at: IsoTime,
    event: ServerEvent,
  ): Promise<boolean>;
  /** Clip ids of ready, unedited transcripts made by `engine`, in id order after `after` (any workspace: jobs). */
  listMachineTranscripts(engine: TranscriptionResult['engine'], after: string | null, limit: number): Promise<string[]>;
  /** Marks it failed (only while queued), with `event` in the same transaction. */
  fail(clipId: string, error: string, at: IsoTime, event: ServerEvent): Promise<boolean>;
  /** Replaces the segments with an owner's edit; the engine's first version is kept as `original`. */
  edit(scope: Scope, clipId: string, segments: TranscriptSegment[], at: IsoTime): Promise<TranscriptRecord | undefined>;
  /** Full-text search over the scope's transcript text, best matches first. */
  search(scope: Scope, query: string, limit: number): Promise<TranscriptSearchRow[]>;
}

export type AnswerReviewStatus = 'new' | 'reviewed' | 'archived';

/** One answer as the inbox shows it, with its clip and transcript as they are now. */
export interface AnswerRecord {
  /** The `reelback.answer.submitted` event's id. */
  id: string;
  sessionId: string;
  flowId: string;
  flowVersion: number;
  stepId: string;
  kind: string;
  /** The event's `answer`, as the viewer sent it (contact fields included: the service decides what to show). */
  value: unknown;
  text: string | null;
  clip: { id: string; status: ClipStatus; durationSeconds: number | null; hasPoster: boolean } | null;
  /** The clip's transcript text, once ready. */
  transcriptText: string | null;
  status: AnswerReviewStatus;
  starred: boolean;
  tags: string[];
  note: string | null;
  submittedAt: IsoTime;
  /** The tracker item made of it (a hand-off still calling the tracker is not one yet). */
  backlogItem: BacklogItemRecord | null;
}

/** Where a page of the newest-first answer list ends. */
export interface AnswerCursor {
  submittedAt: IsoTime;
  id: string;
}

export interface AnswerQuery extends AnswerFilter {
  limit: number;
  after?: AnswerCursor;
}

/** The inbox filters; every one given must hold. */
export interface AnswerFilter {
  flowId?: string;
  stepId?: string;
  kind?: string;
  status?: AnswerReviewStatus;
  tag?: string;
  starred?: boolean;
  /** Submitted at or after. */
  from?: IsoTime;
  /** Submitted before. */
  to?: IsoTime;
  /** Words of the typed text or of the clip's ready transcript (full-text, in SQL). */
  q?: string;
}

export interface AnswerChanges {
  status?: AnswerReviewStatus;
  starred?: boolean;
  note?: string | null;
  /** Replaces the set (normalised already). */
  tags?: string[];
}

/**
 * Answers: one per accepted `reelback.answer.submitted` event, written with the event (in the same transaction,
 * by whichever engine's event log stores it), with the owners' review state.
 */
export interface AnswerStore {
  /** Newest first (`submittedAt desc, id desc`), after `after`. */
  list(scope: Scope, query: AnswerQuery): Promise<AnswerRecord[]>;
  /** How many answers `list` would give with these filters, over every page. */
  count(scope: Scope, query: AnswerFilter): Promise<number>;
  get(scope: Scope, id: string): Promise<AnswerRecord | undefined>;
  /** `undefined` when the scope has no such answer. */
  update(scope: Scope, id: string, changes: AnswerChanges, at: IsoTime): Promise<AnswerRecord | undefined>;
  /** The scope's distinct tags starting with `prefix`, in order. */
  tags(scope: Scope, prefix: string, limit: number): Promise<string[]>;
  /**
   * The answers among `ids`, or those of the clip `clipId`, with their flow's workspace, in any workspace:
   * for live updates, which must know whose feed an answer changed in.
   */
  locate(where: { ids: readonly string[] } | { clipId: string }): Promise<{ id: string; workspaceId: string | null }[]>;
}

export type BacklogTrackerKind = 'github' | 'jira' | 'linear' | 'webhook';

export interface BacklogItemRecord {
  url: string;
  key: string;
  tracker: BacklogTrackerKind;
  createdAt: IsoTime;
}

/** A workspace's tracker settings as stored: `sealed` is opaque here (the service encrypts and decrypts it). */
export interface TrackerSettingsRecord {
  kind: BacklogTrackerKind;
  sealed: string;
  updatedAt: IsoTime;
}

/** What claiming an answer's hand-off found. */
export type BacklogClaim =
  /** No item, no other hand-off: this caller must call the tracker, then `completeItem` or `releaseItem`. */
  | { state: 'claimed' }
  | { state: 'created'; item: BacklogItemRecord }
  /** Another hand-off is calling the tracker now. */
  | { state: 'pending' };

/** Tracker settings per workspace, and the one backlog item per answer. */
export interface BacklogStore {
  getTracker(workspaceId: string): Promise<TrackerSettingsRecord | undefined>;
  putTracker(workspaceId: string, settings: TrackerSettingsRecord): Promise<void>;
  /** `false` when there was none. */
  deleteTracker(workspaceId: string): Promise<boolean>;
  /**
   * Inserts a pending row for the answer unless it has one; a pending row claimed before `staleBefore` (its
   * hand-off died) is taken over. Atomic, so of two concurrent claims only one gets `claimed`.
   */
  claimItem(answerId: string, tracker: BacklogTrackerKind, at: IsoTime, staleBefore: IsoTime): Promise<BacklogClaim>;
  /** Marks the claimed row created; returns what is stored. */
  completeItem(answerId: string, item: BacklogItemRecord): Promise<void>;
  /** Drops a pending claim (the tracker failed), so the hand-off can be tried again. */
  releaseItem(answerId: string): Promise<void>;
}

/** Workspace roles, weakest first: managers read and analyse, owners also edit, admins also run the workspace. */
export type Role = 'manager' | 'owner' | 'admin';
export type ApiKeyScope = 'read' | 'write' | 'admin';

export interface WorkspaceRecord {
  id: string;
  name: string;
  timeZone: string;
  createdAt: IsoTime;
}

export interface UserRecord {
  id: string;
  /** Lower-cased. */
  email: string;
  name: string;
  createdAt: IsoTime;
}

export interface UserWithPassword extends UserRecord {
  passwordHash: string;
}

export interface MemberRecord {
  user: UserRecord;
  workspaceId: string;
  role: Role;
  joinedAt: IsoTime;
}

export interface AuthSessionRecord {
  /** SHA-256 (hex) of the cookie's token. */
  id: string;
  userId: string;
  workspaceId: string;
  csrfTokenHash: string;
  createdAt: IsoTime;
  expiresAt: IsoTime;
  lastSeenAt: IsoTime;
}

/** A live session with the role its user holds now (not when they logged in). */
export interface ActiveAuthSession extends AuthSessionRecord {
  role: Role;
}

export interface InviteRecord {
  /** SHA-256 (hex) of the invite token. */
  id: string;
  workspaceId: string;
  role: Role;
  email: string | null;
  createdBy: string | null;
  createdAt: IsoTime;
  expiresAt: IsoTime;
  acceptedAt: IsoTime | null;
  acceptedBy: string | null;
}

export interface ApiKeyRecord {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  /** SHA-256 (hex) of the whole key. */
  keyHash: string;
  scopes: ApiKeyScope[];
  /** The user who made it, when a person did. */
  createdBy: string | null;
  /** Who made it as named then (a person, a key or the admin key); null for keys made before this was kept. */
  creator: Editor | null;
  createdAt: IsoTime;
  lastUsedAt: IsoTime | null;
  /** When it stops working; null: never. */
  expiresAt: IsoTime | null;
  revokedAt: IsoTime | null;
}

/**
 * The audit entry of a membership change, given the member's role the change's transaction found; null when the
 * change changes nothing worth recording.
 */
export type MembershipAudit = (previousRole: Role) => AuditRecord | null;

/** Whether a membership change went through, or why not. */
export type MembershipChange = 'ok' | 'not-found' | 'last-admin';

export type InviteAcceptance =
  | { ok: true; user: UserRecord; workspaceId: string; role: Role }
  | { ok: false; reason: 'invalid' | 'email-mismatch' | 'already-member' };

export interface AccountStore {
  countUsers(): Promise<number>;
  /**
   * Creates the first workspace, its first user as admin, and gives the workspace every flow that has none,
   * in one transaction. `false` (and nothing written) when any user exists already.
   */
  bootstrap(input: { workspace: WorkspaceRecord; user: UserWithPassword; at: IsoTime }): Promise<boolean>;
  /** A further workspace with `adminUserId` as its first admin, in one transaction. */
  createWorkspace(input: { workspace: WorkspaceRecord; adminUserId: string; at: IsoTime }): Promise<void>;
  /** The oldest workspace: the one the bootstrap made. */
  firstWorkspace(): Promise<WorkspaceRecord | undefined>;
  getWorkspace(id: string): Promise<WorkspaceRecord | undefined>;
  findUserByEmail(email: string): Promise<UserWithPassword | undefined>;
  getUser(id: string): Promise<UserRecord | undefined>;
  /** The user's memberships, oldest first. */
  membershipsOf(userId: string): Promise<{ workspaceId: string; role: Role }[]>;
  getMember(workspaceId: string, userId: string): Promise<MemberRecord | undefined>;
  listMembers(workspaceId: string): Promise<MemberRecord[]>;
  /** Never leaves a workspace without an admin. Writes `audit`'s entry in the same transaction when it changes. */
  setRole(workspaceId: string, userId: string, role: Role, audit?: MembershipAudit): Promise<MembershipChange>;
  /** Removes the membership and the member's sessions in that workspace; never the last admin. Audited as `setRole`. */
  removeMember(workspaceId: string, userId: string, audit?: MembershipAudit): Promise<MembershipChange>;

  insertSession(session: AuthSessionRecord): Promise<void>;
  /** The session if it exists, has not expired at `now`, and its user is still a member of its workspace. */
  getActiveSession(id: string, now: IsoTime): Promise<ActiveAuthSession | undefined>;
  touchSession(id: string, at: IsoTime): Promise<void>;
  deleteSession(id: string): Promise<void>;
  deleteExpiredSessions(now: IsoTime): Promise<number>;

  /** With `audit`, its entry is written in the same transaction. */
  insertInvite(invite: InviteRecord, audit?: AuditRecord): Promise<void>;
  /**
   * Accepts a live invite (not accepted, not expired at `at`) in one transaction: creates the user when `newUser`
   * is given (else `existingUserId` joins), adds the membership and marks the invite used.
   */
  acceptInvite(input: {
    inviteId: string;
    email: string;
    at: IsoTime;
    newUser?: UserWithPassword;
    existingUserId?: string;
    /** Written in the same transaction when the invite is accepted, given who joined. */
    audit?: (joined: UserRecord) => AuditRecord;
  }): Promise<InviteAcceptance>;
  /** Reads an invite without using it. */
  getInvite(id: string): Promise<InviteRecord | undefined>;

  /** With `audit`, its entry is written in the same transaction. */
  insertApiKey(key: ApiKeyRecord, audit?: AuditRecord): Promise<void>;
  /** Newest first. */
  listApiKeys(workspaceId: string): Promise<ApiKeyRecord[]>;
  getApiKeyByPrefix(prefix: string): Promise<ApiKeyRecord | undefined>;
  /**
   * Sets the key's last use to `at` when it is unset or before `staleBefore`: one write per key per interval, however
   * many requests or processes race to make it.
   */
  touchApiKey(id: string, at: IsoTime, staleBefore: IsoTime): Promise<void>;
  /**
   * `false` when the workspace has no such key; revoking twice keeps the first time. `audit`'s entry is written in
   * the same transaction, and only by the call that revokes.
   */
  revokeApiKey(workspaceId: string, id: string, at: IsoTime, audit?: AuditRecord): Promise<boolean>;
}

export type StorageHealth = { ok: true } | { ok: false; reason: string };

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  readonly flows: FlowStore;
  readonly sessions: SessionStore;
  /** The event log (`events/append.ts` appends through it). */
  readonly events: EventLog;
  readonly clips: ClipStore;
  readonly transcripts: TranscriptStore;
  readonly answers: AnswerStore;
  /** Sentiment, key phrases and language of each answer's text (#17). */
  readonly answerAnalyses: AnswerAnalysisStore;
  readonly backlog: BacklogStore;
  readonly accounts: AccountStore;
  readonly analytics: AnalyticsStore;
  readonly exports: ExportStore;
  readonly webhooks: WebhookStore;
  /** The workspace media library (prompt media): outside every viewer's data. */
  readonly mediaAssets: MediaAssetStore;
  /** The first run's one-time setup code. */
  readonly setup: SetupStore;
  /** Each workspace's record of who did what (members, keys, settings, erasures, publishing). */
  readonly audit: AuditStore;
  /** Members' activity, invites' lifecycle, passwords and reset links. */
  readonly team: TeamStore;
  readonly sso: SsoStore;
  /** The e-mails the server sends, and how each went. */
  readonly mailDeliveries: MailDeliveryStore;
  /** Brings the schema up to date; safe to run at every start. */
  migrate(): Promise<void>;
  /** Reachable and fully migrated. */
  health(): Promise<StorageHealth>;
  close(): Promise<void>;
}
