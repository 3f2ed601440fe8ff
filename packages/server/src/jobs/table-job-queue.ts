import { randomUUID } from 'node:crypto';
import { type ExpressionBuilder, type Kysely, sql, type UpdateObject } from 'kysely';
import { type Clock, systemClock } from '../ports/clock.js';
import type { EnqueueOptions, JobHandler, JobQueue, JobState, JobStatus, WorkOptions } from '../ports/job-queue.js';
import type { Database, Dialect } from '../storage/kysely/schema.js';
import { assertMaxAttempts, DEFAULT_MAX_ATTEMPTS, type JobQueueEvent, type JobQueueTiming, resolveTiming } from './job-runtime.js';
import { type LeaseBackend, type LeasedJob, LeaseRunner, nextTurn } from './lease-runner.js';

/** Rows one purge statement deletes: short enough that requests are answered between two of them. */
const PURGE_BATCH = 500;

export interface TableJobQueueOptions extends JobQueueTiming {
  /** The application's database (migrated: the `jobs` table comes from migration 0002). */
  db: Kysely<Database>;
  dialect: Dialect;
  /** Time for due dates and leases (default: the system clock). Polling uses real timers. */
  clock?: Clock;
  /** Completed and failed jobs are deleted once this much older than their last change (default 7 days). */
  retentionSeconds?: number;
  /** How often a started queue purges (default hourly; also once at start). */
  purgeIntervalMs?: number;
}

interface TableLease extends LeasedJob {
  token: string;
  maxAttempts: number;
}

const STATES: readonly JobState[] = ['queued', 'active', 'completed', 'failed'];

/**
 * The embedded `JobQueue`: jobs live in the application's own `jobs` table. A claim is one
 * `UPDATE … WHERE id = (SELECT … LIMIT 1) RETURNING` that sets state `active`, a lease deadline and a fresh
 * lease token; every later write by that worker names the token, so a worker that lost its lease (its
 * heartbeat stopped, another worker reclaimed the job) can neither complete nor fail the job.
 *
 * Made for SQLite (one writer: the statement is atomic on its own); on PostgreSQL the subquery adds
 * `FOR UPDATE SKIP LOCKED` so concurrent workers never claim the same row.
 */
export class TableJobQueue implements JobQueue {
  private readonly db: Kysely<Database>;
  private readonly dialect: Dialect;
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly runner: LeaseRunner<TableLease>;
  private readonly retentionMs: number;
  private readonly purgeIntervalMs: number;
  private readonly onEvent: (event: JobQueueEvent) => void;
  private purgeTimer: ReturnType<typeof setInterval> | undefined;
  private purging: Promise<number> | undefined;

  constructor(options: TableJobQueueOptions) {
    this.db = options.db;
    this.dialect = options.dialect;
    this.clock = options.clock ?? systemClock;
    this.retentionMs = (options.retentionSeconds ?? 7 * 24 * 3600) * 1000;
    this.purgeIntervalMs = options.purgeIntervalMs ?? 3600_000;
    if (!(this.retentionMs >= 0 && this.purgeIntervalMs > 0)) throw new Error('retentionSeconds must be ≥ 0 and purgeIntervalMs > 0');
    const timing = resolveTiming(options, { leaseSeconds: 60 });
    this.onEvent = timing.onEvent;
    this.leaseMs = timing.leaseSeconds * 1000;
    const backend: LeaseBackend<TableLease> = {
      claim: (queue, limit) => this.claim(queue, limit),
      renew: (job) => this.renew(job),
      complete: (job) => this.complete(job),
      fail: (job, error, retryIn) => this.fail(job, error, retryIn),
      release: (job) => this.release(job),
    };
    this.runner = new LeaseRunner(backend, timing);
  }

  async enqueue(queue: string, payload: unknown, options: EnqueueOptions = {}): Promise<string | null> {
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    assertMaxAttempts(maxAttempts);
    const now = this.clock.now();
    const runAt = new Date(now.getTime() + Math.max(0, options.delaySeconds ?? 0) * 1000);
    const row = await this.db
      .insertInto('jobs')
      .values({
        queue,
        payload: JSON.stringify(payload ?? null),
        singleton_key: options.singletonKey ?? null,
        state: 'queued',
        attempts: 0,
        max_attempts: maxAttempts,
        run_at: runAt.toISOString(),
        lease_until: null,
        lease_token: null,
        last_error: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      // The unique index on (queue, singleton_key) holds one job per key whatever its state; NULL keys never clash.
      .$if(options.singletonKey !== undefined, (qb) => qb.onConflict((oc) => oc.columns(['queue', 'singleton_key']).doNothing()))
      .returning('id')
      .executeTakeFirst();
    if (!row) return null;
    if (!options.delaySeconds) this.runner.wake(queue);
    return String(row.id);
  }

  work(queue: string, handler: JobHandler, options?: WorkOptions): void {
    this.runner.work(queue, handler, options);
  }

  async start(): Promise<void> {
    this.runner.start();
    const purge = () =>
      void this.purge().catch((error: unknown) => this.onEvent({ type: 'error', queue: '(purge)', error }));
    this.purgeTimer = setInterval(purge, this.purgeIntervalMs).unref();
    purge();
  }

  async stop(): Promise<void> {
    clearInterval(this.purgeTimer);
    await this.runner.stop();
    await this.purging?.catch(() => {});
  }

  /**
   * Deletes completed and failed jobs older than the retention, a batch at a time with a turn of the event loop
   * between batches (a large backlog never holds requests up); resolves how many. One purge at a time.
   * Queued and active jobs are never touched. A purged singleton key may be enqueued again: the callers' keys
   * (a clip's processing, its transcription) are only enqueued again while their work is unfinished.
   */
  purge(): Promise<number> {
    this.purging ??= this.purgeOnce().finally(() => {
      this.purging = undefined;
    });
    return this.purging;
  }

  private async purgeOnce(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.retentionMs).toISOString();
    let total = 0;
    for (;;) {
      const result = await this.db
        .deleteFrom('jobs')
        .where('id', 'in', (eb) =>
          eb.selectFrom('jobs').select('id').where('state', 'in', ['completed', 'failed']).where('updated_at', '<', cutoff).limit(PURGE_BATCH),
        )
        .executeTakeFirst();
      const deleted = Number(result.numDeletedRows);
      total += deleted;
      if (deleted < PURGE_BATCH) return total;
      await nextTurn();
    }
  }

  /** Test support: make this instance behave like a worker whose process died (see `LeaseRunner.abandon`). */
  abandonForTesting(): void {
    this.runner.abandon();
  }

  async status(id: string): Promise<JobStatus | undefined> {
    const key = this.idKey(id);
    if (key === undefined) return undefined;
    const row = await this.db
      .selectFrom('jobs')
      .select(['id', 'queue', 'state', 'attempts', 'last_error'])
      .where('id', '=', key)
      .executeTakeFirst();
    if (!row) return undefined;
    const state = STATES.find((s) => s === row.state);
    if (!state) throw new Error(`job ${id} has an unknown state '${row.state}'`);
    return { id: String(row.id), queue: row.queue, state, attempts: Number(row.attempts), lastError: row.last_error };
  }

  async cancel(id: string): Promise<boolean> {
    const key = this.idKey(id);
    if (key === undefined) return false;
    const now = this.clock.now().toISOString();
    // Clearing the lease token makes the running worker's renew and complete land nowhere (guardedUpdate).
    const result = await this.db
      .updateTable('jobs')
      .set({ state: 'failed', last_error: 'cancelled', lease_until: null, lease_token: null, updated_at: now })
      .where('id', '=', key)
      .where('state', 'in', ['queued', 'active'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private idKey(id: string): number | string | undefined {
    if (!/^[1-9][0-9]{0,18}$/.test(id)) return undefined;
    // PostgreSQL's bigint travels as a string; SQLite's integer as a number.
    return this.dialect === 'postgres' ? id : Number(id);
  }

  private async claim(queue: string, limit: number): Promise<TableLease[]> {
    const now = this.clock.now().toISOString();
    // A job whose lease ran out on its last try would be claimable never again: it has failed for good.
    await this.db
      .updateTable('jobs')
      .set({
        state: 'failed',
        lease_until: null,
        lease_token: null,
        last_error: 'the lease of the last attempt ran out: its worker stopped or died',
        updated_at: now,
      })
      .where('queue', '=', queue)
      .where('state', '=', 'active')
      .where('lease_until', '<', now)
      .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
      .execute();
    const claimed: TableLease[] = [];
    while (claimed.length < limit) {
      const job = await this.claimOne(queue);
      if (!job) break;
      claimed.push(job);
    }
    return claimed;
  }

  private async claimOne(queue: string): Promise<TableLease | undefined> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const token = randomUUID();
    const claimable = (eb: ExpressionBuilder<Database, 'jobs'>) =>
      eb.and([
        eb('queue', '=', queue),
        eb.or([
          eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', nowIso)]),
          // Its worker died (or stalled past its lease): run it again.
          eb.and([eb('state', '=', 'active'), eb('lease_until', '<', nowIso), eb('attempts', '<', eb.ref('max_attempts'))]),
        ]),
      ]);
    const row = await this.db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'active',
        lease_until: new Date(now.getTime() + this.leaseMs).toISOString(),
        lease_token: token,
        attempts: eb('attempts', '+', 1),
        updated_at: nowIso,
      }))
      .where('id', '=', (eb) =>
        eb
          .selectFrom('jobs')
          .select('id')
          .where(claimable)
          .orderBy('run_at')
          .orderBy('id')
          .limit(1)
          .$if(this.dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
      )
      // Checked again on the row itself: on PostgreSQL a concurrent claim may have changed it meanwhile.
      .where(claimable)
      .returning(['id', 'payload', 'attempts', 'max_attempts'])
      .executeTakeFirst();
    if (!row) return undefined;
    const attempt = Number(row.attempts);
    const maxAttempts = Number(row.max_attempts);
    return {
      id: String(row.id),
      queue,
      // jsonb arrives parsed; SQLite's text does not.
      payload: this.dialect === 'postgres' ? row.payload : JSON.parse(row.payload as string),
      attempt,
      maxAttempts,
      isLastAttempt: attempt >= maxAttempts,
      token,
    };
  }

  /** Every write of a worker goes through here: it lands only while the worker still holds the lease. */
  private async guardedUpdate(job: TableLease, set: UpdateObject<Database, 'jobs'>): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set(set)
      .where('id', '=', this.idKey(job.id) ?? job.id)
      .where('state', '=', 'active')
      .where('lease_token', '=', job.token)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private renew(job: TableLease): Promise<boolean> {
    const now = this.clock.now();
    return this.guardedUpdate(job, {
      lease_until: new Date(now.getTime() + this.leaseMs).toISOString(),
      updated_at: now.toISOString(),
    });
  }

  private complete(job: TableLease): Promise<boolean> {
    return this.guardedUpdate(job, {
      state: 'completed',
      lease_until: null,
      lease_token: null,
      updated_at: this.clock.now().toISOString(),
    });
  }

  /** Back to the queue, due now; the try the claim counted is given back too (a stop is not the job's fault). */
  private release(job: TableLease): Promise<boolean> {
    const now = this.clock.now().toISOString();
    return this.guardedUpdate(job, {
      state: 'queued',
      attempts: sql<number>`attempts - 1`,
      run_at: now,
      lease_until: null,
      lease_token: null,
      updated_at: now,
    });
  }

  private fail(job: TableLease, error: string, retryInSeconds: number | null): Promise<boolean> {
    const now = this.clock.now();
    return this.guardedUpdate(job, {
      state: retryInSeconds === null ? 'failed' : 'queued',
      ...(retryInSeconds === null ? {} : { run_at: new Date(now.getTime() + retryInSeconds * 1000).toISOString() }),
      lease_until: null,
      lease_token: null,
      last_error: error,
      updated_at: now.toISOString(),
    });
  }
}
