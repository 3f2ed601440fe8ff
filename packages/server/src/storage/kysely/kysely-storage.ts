import { type Kysely, Migrator, sql } from 'kysely';
import type { EventLog } from '../../ports/event-log.js';
import type { Storage, StorageHealth } from '../../ports/storage.js';
import { KyselyAccountStore } from './account-store.js';
import { KyselyAnalyticsStore } from './analytics-store.js';
import { KyselyAnswerStore } from './answer-store.js';
import { KyselyAnswerAnalysisStore } from './answer-analysis-store.js';
import { KyselyBacklogStore } from './backlog-store.js';
import { KyselyClipStore } from './clip-store.js';
import { KyselyTranscriptStore } from './transcript-store.js';
import { KyselyExportStore } from './export-store.js';
import { KyselyFlowStore } from './flow-store.js';
import { migrations } from './migrations/index.js';
import type { Database, Dialect } from './schema.js';
import { KyselySessionStore } from './session-store.js';
import { KyselyWebhookStore } from './webhook-store.js';
import { KyselyMediaAssetStore } from './media-asset-store.js';
import { KyselySetupStore } from './setup-store.js';
import { KyselyAuditStore } from './audit-store.js';
import { KyselyTeamStore } from './team-store.js';
import { KyselySsoStore } from './sso-store.js';
import { KyselyMailDeliveryStore } from './mail-delivery-store.js';
import { KyselyProjectionFold } from './projection-fold.js';
import type { CopyCsvOut } from '../postgres/copy-out.js';
import type { RawRows } from '../sqlite/raw-rows.js';
import { MEMORY_RATE_LIMITS } from '../../limits/rate-limits.js';
import type { RateLimits } from '../../ports/rate-limits.js';

/** One `Storage` for both engines; the few differences hang off `dialect`. */
export class KyselyStorage implements Storage {
  readonly flows: KyselyFlowStore;
  readonly sessions: KyselySessionStore;
  readonly events: EventLog;
  readonly clips: KyselyClipStore;
  readonly transcripts: KyselyTranscriptStore;
  readonly answers: KyselyAnswerStore;
  readonly answerAnalyses: KyselyAnswerAnalysisStore;
  readonly backlog: KyselyBacklogStore;
  readonly accounts: KyselyAccountStore;
  readonly analytics: KyselyAnalyticsStore;
  readonly exports: KyselyExportStore;
  readonly webhooks: KyselyWebhookStore;
  readonly mediaAssets: KyselyMediaAssetStore;
  readonly setup: KyselySetupStore;
  readonly audit: KyselyAuditStore;
  readonly team: KyselyTeamStore;
  readonly sso: KyselySsoStore;
  readonly mailDeliveries: KyselyMailDeliveryStore;
  /** The folded projections' cursor and writes (events/projections.ts). */
  readonly fold: KyselyProjectionFold;
  private migrator: Promise<Migrator> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    readonly kind: Dialect,
    /** Each engine's event log (`sqlite/sqlite-event-log.ts`, `postgres/postgres-event-log.ts`). */
    events: EventLog,
    /** Each engine's own ways to read an export: PostgreSQL's COPY out, SQLite's rows as arrays. */
    exportReads: { copyCsv?: CopyCsvOut; rawRows?: RawRows } = {},
    /** Request budgets and failure counts: in the database on PostgreSQL (shared by every process), else in memory. */
    readonly rateLimits: RateLimits = MEMORY_RATE_LIMITS,
  ) {
    this.flows = new KyselyFlowStore(db, kind);
    this.sessions = new KyselySessionStore(db, kind);
    this.events = events;
    this.clips = new KyselyClipStore(db, kind === 'sqlite');
    this.transcripts = new KyselyTranscriptStore(db, kind);
    this.answers = new KyselyAnswerStore(db, kind);
    this.answerAnalyses = new KyselyAnswerAnalysisStore(db, kind);
    this.backlog = new KyselyBacklogStore(db);
    this.accounts = new KyselyAccountStore(db, kind);
    this.analytics = new KyselyAnalyticsStore(db, kind);
    this.exports = new KyselyExportStore(db, kind, exportReads);
    this.webhooks = new KyselyWebhookStore(db, kind);
    this.mediaAssets = new KyselyMediaAssetStore(db, kind);
    this.setup = new KyselySetupStore(db, kind);
    this.audit = new KyselyAuditStore(db);
    this.team = new KyselyTeamStore(db, kind);
    this.sso = new KyselySsoStore(db);
    this.mailDeliveries = new KyselyMailDeliveryStore(db);
    this.fold = new KyselyProjectionFold(db, kind);
  }

  /**
   * On PostgreSQL the migrator is pinned to the schema our tables live in: left unpinned, Kysely takes a
   * `kysely_migration` table in any other schema of the database (another app's, another test's) for ours.
   */
  private getMigrator(): Promise<Migrator> {
    this.migrator ??= (async () => {
      const provider = migrations(this.kind);
      if (this.kind !== 'postgres') return new Migrator({ db: this.db, provider });
      const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(this.db);
      return new Migrator({ db: this.db, provider, migrationTableSchema: rows[0]?.schema ?? 'public' });
    })().catch((error: unknown) => {
      this.migrator = undefined;
      throw error;
    });
    return this.migrator;
  }

  /** The Kysely instance itself, for adapters that share this database (e.g. the embedded job queue). */
  get database(): Kysely<Database> {
    return this.db;
  }

  async migrate(): Promise<void> {
    // (The migrator looks only at our own schema: see OwnSchemaPostgresDialect.)
    const { error, results } = await (await this.getMigrator()).migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new Error(`database migration "${failed}" failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }

  async health(): Promise<StorageHealth> {
    try {
      await sql`select 1`.execute(this.db);
      const pending = (await (await this.getMigrator()).getMigrations()).filter((m) => m.executedAt === undefined);
      if (pending.length > 0) return { ok: false, reason: `migrations not applied: ${pending.map((m) => m.name).join(', ')}` };
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: `database unreachable: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

