import type { ColumnType, Generated } from 'kysely';

/**
 * JSON lives in `jsonb` on PostgreSQL (read back as objects) and in `text` on SQLite (read back as strings);
 * timestamps in `timestamptz` (read back as `Date`) and in ISO-8601 `text`. `codec.ts` evens that out.
 */
export type JsonColumn = ColumnType<unknown, string, string>;
export type TimeColumn = ColumnType<Date | string, string, string>;
export type NullableTimeColumn = ColumnType<Date | string | null, string | null, string | null>;
/** A nullable JSON column that may be left out of an insert. */
export type OptionalJsonColumn = ColumnType<unknown, string | null | undefined, string | null>;

export interface FlowsTable {
  id: string;
  /** Null for flows made before accounts existed (until the bootstrap workspace claims them). */
  workspace_id: ColumnType<string | null, string | null | undefined, string | null>;
  name: string;
  draft: JsonColumn;
  created_at: TimeColumn;
  /** When the draft was last saved. */
  updated_at: TimeColumn;
  /** Migration 0014: see there. */
  draft_revision: ColumnType<number, number | undefined, number>;
  draft_updated_by: OptionalJsonColumn;
  archived_at: ColumnType<Date | string | null, string | null | undefined, string | null>;
  archived_by: OptionalJsonColumn;
}

export interface FlowVersionsTable {
  flow_id: string;
  version: number;
  definition: JsonColumn;
  published_at: TimeColumn;
  published_by: OptionalJsonColumn;
}

export interface SessionsTable {
  id: string;
  flow_id: string;
  flow_version: number;
  context: JsonColumn;
  progress: JsonColumn;
  /** `{}` for sessions stored before migration 0013. */
  vars: ColumnType<unknown, string | undefined, string>;
  started_at: TimeColumn;
  completed_at: NullableTimeColumn;
  /** The language the viewer was shown, lower-cased; null before migration 0023 (and when the widget did not say). */
  locale: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface EventsTable {
  /** Server order of acceptance; PostgreSQL's bigint arrives as a string. */
  seq: Generated<number | string>;
  id: string;
  session_id: string;
  type: string;
  time: TimeColumn;
  received_at: TimeColumn;
  event: JsonColumn;
}

export interface ClipsTable {
  id: string;
  session_id: string;
  step_id: string;
  kind: string;
  status: string;
  reason: string | null;
  mime_type: string | null;
  /** PostgreSQL's bigint arrives as a string. */
  size_bytes: ColumnType<number | string | null, number | null, number | null>;
  duration_seconds: number | null;
  width: number | null;
  height: number | null;
  container: string | null;
  media: JsonColumn;
  created_at: TimeColumn;
  updated_at: TimeColumn;
}

export interface JobsTable {
  id: Generated<number | string>;
  queue: string;
  payload: JsonColumn;
  singleton_key: string | null;
  state: string;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: number;
  run_at: TimeColumn;
  lease_until: NullableTimeColumn;
  lease_token: string | null;
  last_error: string | null;
  created_at: TimeColumn;
  updated_at: TimeColumn;
}

export interface TranscriptsTable {
  clip_id: string;
  session_id: string;
  status: string;
  job_id: string | null;
  engine: string | null;
  model: string | null;
  language: string | null;
  duration_seconds: number | null;
  processing_seconds: number | null;
  segments: ColumnType<unknown, string | null, string | null>;
  text: string | null;
  original_segments: ColumnType<unknown, string | null, string | null>;
  original_text: string | null;
  edited_at: NullableTimeColumn;
  error: string | null;
  created_at: TimeColumn;
  updated_at: TimeColumn;
}

/** SQLite only: the FTS5 index over transcript text. */
export interface TranscriptsFtsTable {
  rowid: Generated<number>;
  text: string;
  clip_id: string;
}

export interface AnswersTable {
  /** The `reelback.answer.submitted` event's id. */
  id: string;
  session_id: string;
  flow_id: string;
  flow_version: number;
  step_id: string;
  kind: string;
  clip_id: string | null;
  text: string | null;
  value: JsonColumn;
  status: ColumnType<string, string | undefined, string>;
  /** SQLite answers 0/1. */
  starred: ColumnType<boolean | number, boolean | number | undefined, boolean | number>;
  note: string | null;
  submitted_at: TimeColumn;
  updated_at: TimeColumn;
}

export interface AnswerTagsTable {
  answer_id: string;
  tag: string;
}

/** SQLite only: the FTS5 index over typed answer text (kept in step by triggers). */
export interface AnswersFtsTable {
  rowid: Generated<number>;
  text: string;
  answer_id: string;
}

export interface WorkspaceTrackersTable {
  workspace_id: string;
  kind: string;
  /** The TrackerConfig JSON, AES-256-GCM sealed by the service. */
  sealed: string;
  updated_at: TimeColumn;
}

export interface AnswerBacklogItemsTable {
  answer_id: string;
  /** `pending` while a hand-off calls the tracker, then `created`. */
  state: string;
  tracker: string;
  url: string | null;
  key: string | null;
  claimed_at: TimeColumn;
  created_at: NullableTimeColumn;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  time_zone: ColumnType<string, string | undefined, string>;
  created_at: TimeColumn;
  /** Migration 0019: when the workspace turned passwords off (single sign-on only); null while they work. */
  passwords_off_at: ColumnType<Date | string | null, string | null | undefined, string | null>;
}

/** Migration 0019: a provider's person (ID token `iss` + `sub`) linked to an account. */
export interface SsoIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: string;
  email: string;
  created_at: TimeColumn;
  last_used_at: TimeColumn;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: TimeColumn;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: string;
  created_at: TimeColumn;
  /** Migration 0018: written with the session's `last_seen_at`. */
  last_active_at: ColumnType<Date | string | null, string | null | undefined, string | null>;
}

export interface AuthSessionsTable {
  id: string;
  user_id: string;
  workspace_id: string;
  csrf_token_hash: string;
  created_at: TimeColumn;
  expires_at: TimeColumn;
  last_seen_at: TimeColumn;
}

export interface InvitesTable {
  id: string;
  workspace_id: string;
  role: string;
  email: string | null;
  created_by: string | null;
  created_at: TimeColumn;
  expires_at: TimeColumn;
  accepted_at: NullableTimeColumn;
  accepted_by: string | null;
  /** Migration 0018. */
  revoked_at: ColumnType<Date | string | null, string | null | undefined, string | null>;
}

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: JsonColumn;
  created_by: string | null;
  /** 0017: the creator as an Editor (JSON); null for older keys. */
  created_by_editor: OptionalJsonColumn;
  created_at: TimeColumn;
  last_used_at: NullableTimeColumn;
  /** 0017 */
  expires_at: NullableTimeColumn;
  revoked_at: NullableTimeColumn;
}

export interface Database {
  answers: AnswersTable;
  answer_tags: AnswerTagsTable;
  answers_fts: AnswersFtsTable;
  workspace_trackers: WorkspaceTrackersTable;
  answer_backlog_items: AnswerBacklogItemsTable;
  workspaces: WorkspacesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  auth_sessions: AuthSessionsTable;
  invites: InvitesTable;
  api_keys: ApiKeysTable;
  sso_identities: SsoIdentitiesTable;
  transcripts: TranscriptsTable;
  transcripts_fts: TranscriptsFtsTable;
  clips: ClipsTable;
  jobs: JobsTable;
  flows: FlowsTable;
  flow_versions: FlowVersionsTable;
  sessions: SessionsTable;
  events: EventsTable;
}

export type Dialect = 'sqlite' | 'postgres';
