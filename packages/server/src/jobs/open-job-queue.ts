import type { Kysely } from 'kysely';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { Database } from '../storage/kysely/schema.js';
import type { JobQueueEvent } from './job-runtime.js';
import { PgBossJobQueue, type PgBossTuning } from './pg-boss-job-queue.js';
import { TableJobQueue } from './table-job-queue.js';

/** Where the jobs live: the embedded database's `jobs` table, or pg-boss on PostgreSQL. */
export type JobQueueDatabase =
  /** The storage's own Kysely instance (`KyselyStorage#database`), migrated. */
  | { kind: 'sqlite'; db: Kysely<Database> }
  | {
      kind: 'postgres';
      url: string;
      /** pg-boss's schema (default `pgboss`). */
      schema?: string;
      maxConnections?: number;
      maintenanceIntervalSeconds?: number;
      boss?: PgBossTuning;
    };

export interface OpenJobQueueOptions {
  /** Default 60; a heartbeat renews it every third of that while a handler runs. */
  leaseSeconds?: number;
  /** Default 500. */
  pollIntervalMs?: number;
  /** Default 2. */
  retryBaseSeconds?: number;
  /** Default 300. */
  retryMaxSeconds?: number;
  /** The table queue's time (due dates, leases); pg-boss uses the database's clock. */
  clock?: Clock;
  onEvent?: (event: JobQueueEvent) => void;
}

/** Picks the adapter for the configured database. Nothing connects until the queue is first used. */
export function openJobQueue(database: JobQueueDatabase, options: OpenJobQueueOptions = {}): JobQueue {
  const { clock, ...timing } = options;
  if (database.kind === 'sqlite') return new TableJobQueue({ ...timing, db: database.db, dialect: 'sqlite', ...(clock ? { clock } : {}) });
  const { kind: _kind, ...postgres } = database;
  return new PgBossJobQueue({ ...timing, ...postgres });
}
