import type { AccountStore } from './account-store.js';
import type { AnalyticsStore } from './analytics-store.js';
import type { AnswerStore } from './answer-store.js';
import type { AuditStore } from './audit-store.js';
import type { BacklogStore } from './backlog-store.js';
import type { ClipStore } from './clip-store.js';
import type { EventLog } from './event-log.js';
import type { ExportStore } from './export-store.js';
import type { FlowStore } from './flow-store.js';
import type { MailDeliveryStore } from './mail-delivery-store.js';
import type { MediaAssetStore } from './media-asset-store.js';
import type { SessionStore } from './session-store.js';
import type { SetupStore } from './setup-store.js';
import type { SsoStore } from './sso-store.js';
import type { TeamStore } from './team-store.js';
import type { TranscriptStore } from './transcript-store.js';
import type { WebhookStore } from './webhook-store.js';
import type { AnswerAnalysisStore } from './answer-analysis-store.js';

/**
 * Every store of one database, opened together (`storage/open-storage.ts`). Each store's port has its own file
 * beside this one; this file only gathers them.
 */
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
