import pg from 'pg';
import PgBoss from 'pg-boss';
import type { EnqueueOptions, JobHandler, JobQueue, JobState, JobStatus, WorkOptions } from '../ports/job-queue.js';
import { assertMaxAttempts, DEFAULT_MAX_ATTEMPTS, type JobQueueTiming, resolveTiming } from './job-runtime.js';
import { type LeaseBackend, type LeasedJob, LeaseRunner } from './lease-runner.js';

/** Options of pg-boss itself that may be tuned through this adapter (retention, archiving, monitoring…). */
export type PgBossTuning = Omit<
  PgBoss.ConstructorOptions,
  'db' | 'schema' | 'connectionString' | 'supervise' | 'migrate' | 'schedule' | keyof PgBoss.DatabaseOptions
>;

export interface PgBossJobQueueOptions extends JobQueueTiming {
  /** A `postgres://` URL. */
  url: string;
  /** pg-boss's schema (default `pgboss`); tests isolate themselves with a random one. Created when missing. */
  schema?: string;
  /** Connections of this adapter's own pool (default 5). */
  maxConnections?: number;
  /**
   * How often pg-boss's maintenance runs (default 30 s; one process of the cluster does it each time). It is
   * what moves the job of a dead worker back to the queue, so such a job waits its lease plus up to this long.
   */
  maintenanceIntervalSeconds?: number;
  /** Anything else for pg-boss (e.g. `monitorStateIntervalSeconds`, `archiveCompletedAfterSeconds`, `deleteAfterDays`). */
  boss?: PgBossTuning;
}

interface BossLease extends LeasedJob {
  /** `started_on` as PostgreSQL prints it (full microseconds): each fetch sets it anew, so it names this claim. */
  token: string;
}

type Sql = PgBoss.Db;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** pg-boss's states on the port's: `created`/`retry` wait, `cancelled` is over and did not complete. */
const STATES: Record<string, JobState> = {
  created: 'queued',
  retry: 'queued',
  active: 'active',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'failed',
};

/**
 * The `JobQueue` port over pg-boss 10, for PostgreSQL deployments with several worker processes.
 *
 * pg-boss keeps the jobs (its own schema, created and migrated on first use), fetches them with
 * `FOR UPDATE SKIP LOCKED`, moves failures to `retry`/`failed`, expires jobs whose worker went silent
 * (maintenance), archives and deletes old ones. This adapter runs its own polling loop (the shared
 * `LeaseRunner`) instead of `boss.work()`, because the port promises what `work()` does not:
 *
 * - a lease that a heartbeat renews: the queue's `expireInSeconds` is the lease, and the heartbeat stretches
 *   the job's `expire_in` while its handler runs, so long jobs are not expired and a dead worker's job comes
 *   back after one lease (plus a maintenance interval);
 * - outcomes guarded by the lease: complete and fail lock the job row and check that its `started_on` is still
 *   the one this worker's fetch set, so a worker that lost its job cannot complete or fail another worker's try;
 * - capped backoff with jitter (`retryBaseSeconds`, `retryMaxSeconds`): pg-boss 10's `retryBackoff` has no cap
 *   and whole seconds only, so a failed try's `start_after` is set by us in the same transaction;
 * - one job per singleton key whatever its state: no pg-boss policy does that (see `enqueue`).
 */
export class PgBossJobQueue implements JobQueue {
  private readonly pool: pg.Pool;
  private readonly boss: PgBoss;
  private readonly schema: string;
  private readonly leaseSeconds: number;
  private readonly retryDelaySeconds: number;
  private readonly runner: LeaseRunner<BossLease>;
  private readonly onEvent: NonNullable<JobQueueTiming['onEvent']>;
  private readonly queues = new Map<string, Promise<void>>();
  private booted: Promise<void> | undefined;
  private closed = false;

  constructor(options: PgBossJobQueueOptions) {
    const timing = resolveTiming(options, { leaseSeconds: 60 });
    if (timing.leaseSeconds < 1) throw new Error('pg-boss expires jobs in whole seconds: leaseSeconds must be ≥ 1');
    this.leaseSeconds = timing.leaseSeconds;
    // Used by pg-boss itself only for tries it fails on its own (an expired lease); ours set start_after.
    this.retryDelaySeconds = Math.max(1, Math.round(timing.retryBaseSeconds));
    this.onEvent = timing.onEvent;
    this.schema = options.schema ?? 'pgboss';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,49}$/.test(this.schema)) throw new Error(`schema must be a plain name, got '${this.schema}'`);

    this.pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 5, application_name: 'reelback-jobs' });
    this.pool.on('error', (error) => this.onEvent({ type: 'error', queue: '(pool)', error }));
    const sql: Sql = { executeSql: (text, values) => this.pool.query(text, values) };
    this.boss = new PgBoss({
      ...options.boss,
      db: sql,
      schema: this.schema,
      migrate: true,
      supervise: true,
      // No cron schedules here: it would only add a timer and a clock-skew check.
      schedule: false,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
    });
    // pg-boss reports background failures (maintenance, monitoring) as 'error' events; unheard, they would throw.
    this.boss.on('error', (error) => this.onEvent({ type: 'error', queue: '(pg-boss)', error }));

    const backend: LeaseBackend<BossLease> = {
      claim: (queue, limit) => this.claim(queue, limit),
      renew: (job) => this.renew(job),
      complete: (job) => this.complete(job),
      fail: (job, error, retryIn) => this.fail(job, error, retryIn),
      release: (job) => this.release(job),
    };
    this.runner = new LeaseRunner(backend, timing);
  }

  /**
   * pg-boss's policies only make a key unique among waiting or running jobs (`short`, `singleton`, `stately`),
   * and throttling (`singletonSeconds`) cannot outlast the archive interval. So the adapter keeps "one job per
   * key whatever its state" itself: a transaction-scoped advisory lock on the key serialises enqueues of one
   * key, then a lookup in the jobs and the archive decides. (Jobs deleted from the archive, after pg-boss's
   * `deleteAfter` — 7 days by default — no longer count.)
   */
  async enqueue(queue: string, payload: unknown, options: EnqueueOptions = {}): Promise<string | null> {
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    assertMaxAttempts(maxAttempts);
    await this.ensureQueue(queue);
    const sendOptions: PgBoss.SendOptions = {
      retryLimit: maxAttempts - 1,
      expireInSeconds: this.leaseSeconds,
      ...(options.delaySeconds && options.delaySeconds > 0 ? { startAfter: options.delaySeconds } : {}),
      ...(options.singletonKey !== undefined ? { singletonKey: options.singletonKey } : {}),
    };
    // Wrapped: pg-boss stores `data` as jsonb and takes objects only.
    const data = { payload: payload ?? null };
    let id: string | null;
    if (options.singletonKey === undefined) {
      id = await this.boss.send(queue, data, sendOptions);
      if (id === null) throw new Error(`pg-boss did not create a job in queue '${queue}'`);
    } else {
      const key = options.singletonKey;
      id = await this.transaction(async (tx) => {
        await tx.executeSql('SELECT pg_advisory_xact_lock(hashtextextended(json_build_array($1::text, $2::text, $3::text)::text, 0))', [
          this.schema,
          queue,
          key,
        ]);
        const { rows } = await tx.executeSql(
          `SELECT 1 FROM ${this.schema}.job WHERE name = $1 AND singleton_key = $2
           UNION ALL SELECT 1 FROM ${this.schema}.archive WHERE name = $1 AND singleton_key = $2 LIMIT 1`,
          [queue, key],
        );
        if (rows.length > 0) return null;
        return this.boss.send(queue, data, { ...sendOptions, db: tx });
      });
    }
    if (id !== null && !options.delaySeconds) this.runner.wake(queue);
    return id;
  }

  work(queue: string, handler: JobHandler, options?: WorkOptions): void {
    this.runner.work(queue, handler, options);
  }

  async start(): Promise<void> {
    await this.boot();
    this.runner.start();
  }

  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.runner.stop();
    // Our own handlers are done; pg-boss has no workers of its own here, so nothing of ours is failed on stop.
    if (this.booted) await this.booted.catch(() => undefined);
    await this.boss.stop({ graceful: false, close: false });
    await this.pool.end();
  }

  /**
   * Test support: behave like a worker whose process died — polls, heartbeats and pg-boss's maintenance stop,
   * the connections stay open so a handler settling later can try (and fail) to record its outcome.
   * Call `stop()` afterwards to close the connections.
   */
  async abandonForTesting(): Promise<void> {
    this.runner.abandon();
    await this.boss.stop({ graceful: false, close: false });
  }

  async cancel(id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    await this.boot();
    // pg-boss's cancel takes the queue's name; the port's cancel(id) has none, so it is read first. pg-boss cancels
    // created, retry and active jobs only; our guarded complete/fail then find the job no longer active.
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT name FROM ${this.schema}.job WHERE id = $1 AND state IN ('created', 'retry', 'active')`,
      [id],
    );
    const name = rows[0]?.name;
    if (name === undefined) return false;
    await this.boss.cancel(name, id);
    const after = await this.status(id);
    return after?.lastError === 'cancelled';
  }

  async status(id: string): Promise<JobStatus | undefined> {
    // getJobById needs the queue's name and the port's status(id) has none: one query over both tables instead.
    if (!UUID.test(id)) return undefined;
    await this.boot();
    const columns = 'id::text AS id, name, state::text AS state, retry_count, started_on IS NOT NULL AS started, output';
    const { rows } = await this.pool.query<{
      id: string;
      name: string;
      state: string;
      retry_count: number;
      started: boolean;
      output: unknown;
    }>(
      `SELECT ${columns} FROM ${this.schema}.job WHERE id = $1
       UNION ALL SELECT ${columns} FROM ${this.schema}.archive WHERE id = $1 LIMIT 1`,
      [id],
    );
    const row = rows[0];
    if (!row) return undefined;
    const state = STATES[row.state];
    if (!state) throw new Error(`job ${id} has an unknown pg-boss state '${row.state}'`);
    return {
      id: row.id,
      queue: row.name,
      state,
      // retry_count counts the tries after the first (pg-boss bumps it when it fetches a job started before).
      attempts: row.started ? row.retry_count + 1 : 0,
      lastError: errorOf(row.output) ?? (row.state === 'cancelled' ? 'cancelled' : null),
    };
  }

  private boot(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('this job queue is stopped'));
    this.booted ??= this.boss
      .start()
      .then(() => undefined)
      .catch((error: unknown) => {
        this.booted = undefined;
        throw error;
      });
    return this.booted;
  }

  /**
   * pg-boss 10 only takes jobs for queues that exist (a send to a missing one silently returns null).
   *
   * pg-boss's own `createQueue` is not safe to run concurrently: each `create_queue` adds a partition to the job
   * table, and two at once (two queues of one process at start, or two processes) deadlock on that table's lock —
   * the enqueue that lost failed, so a clip whose processing job was never created stalled for good. So the
   * function runs here in a transaction holding an advisory lock of this schema's queue creation (serialised across
   * processes), after a look-up that skips the DDL for a queue that exists already.
   */
  private ensureQueue(queue: string): Promise<void> {
    let ready = this.queues.get(queue);
    if (!ready) {
      ready = (async () => {
        await this.boot();
        const options = {
          policy: 'standard',
          retryLimit: DEFAULT_MAX_ATTEMPTS - 1,
          retryDelay: this.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: Math.ceil(this.leaseSeconds),
        };
        await this.transaction(async (tx) => {
          await tx.executeSql('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${this.schema}.create_queue`]);
          const { rows } = await tx.executeSql(`SELECT 1 FROM ${this.schema}.queue WHERE name = $1`, [queue]);
          if (rows.length === 0) await tx.executeSql(`SELECT ${this.schema}.create_queue($1, $2::json)`, [queue, JSON.stringify(options)]);
        });
      })().catch((error: unknown) => {
        this.queues.delete(queue);
        throw error;
      });
      this.queues.set(queue, ready);
    }
    return ready;
  }

  /**
   * Our transactions (claim, guarded complete/fail, singleton enqueue) meet pg-boss's own maintenance on the same
   * rows; PostgreSQL may then abort one as a deadlock or serialization failure. Each is safe to run again from the
   * start (it was rolled back), so it is, a few times: otherwise a lost complete would hold a finished job until its
   * lease ran out.
   */
  private async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactionOnce(work);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt >= 4 || (code !== '40P01' && code !== '40001')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
      }
    }
  }

  private async transactionOnce<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({ executeSql: (text, values) => client.query(text, values) });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async claim(queue: string, limit: number): Promise<BossLease[]> {
    await this.ensureQueue(queue);
    return this.transaction(async (tx) => {
      const jobs = await this.boss.fetch<{ payload?: unknown }>(queue, { batchSize: limit, includeMetadata: true, db: tx });
      if (jobs.length === 0) return [];
      // The lease starts now: a retried job may carry the expire_in its last heartbeat stretched.
      const { rows } = await tx.executeSql(
        `UPDATE ${this.schema}.job SET expire_in = $3 * interval '1 second'
         WHERE name = $1 AND id = ANY($2::uuid[]) RETURNING id::text AS id, started_on::text AS token`,
        [queue, jobs.map((job) => job.id), this.leaseSeconds],
      );
      const tokens = new Map(rows.map((row: { id: string; token: string }) => [row.id, row.token]));
      return jobs.map((job) => {
        const token = tokens.get(job.id);
        if (token === undefined) throw new Error(`job ${job.id} vanished while being claimed`);
        return {
          id: job.id,
          queue,
          payload: job.data?.payload ?? null,
          attempt: job.retryCount + 1,
          isLastAttempt: job.retryCount >= job.retryLimit,
          token,
        };
      });
    });
  }

  private readonly held = `name = $1 AND id = $2::uuid AND state = 'active' AND started_on = $3::timestamptz`;

  private async renew(job: BossLease): Promise<boolean> {
    // pg-boss expires a job when started_on + expire_in has passed: move that point one lease past now.
    const result = await this.pool.query(
      `UPDATE ${this.schema}.job SET expire_in = (now() - started_on) + $4 * interval '1 second' WHERE ${this.held}`,
      [job.queue, job.id, job.token, this.leaseSeconds],
    );
    return result.rowCount === 1;
  }

  /** Locks the job row while this worker's claim is still the job's current one, then runs `write` with it. */
  private guarded(job: BossLease, write: (tx: Sql) => Promise<void>): Promise<boolean> {
    return this.transaction(async (tx) => {
      const { rows } = await tx.executeSql(`SELECT 1 FROM ${this.schema}.job WHERE ${this.held} FOR UPDATE`, [job.queue, job.id, job.token]);
      if (rows.length === 0) return false;
      await write(tx);
      return true;
    });
  }

  private complete(job: BossLease): Promise<boolean> {
    return this.guarded(job, async (tx) => {
      await this.boss.complete(job.queue, job.id, {}, { db: tx });
    });
  }

  private fail(job: BossLease, error: string, retryInSeconds: number | null): Promise<boolean> {
    return this.guarded(job, async (tx) => {
      await this.boss.fail(job.queue, job.id, { message: error }, { db: tx });
      if (retryInSeconds === null) return;
      // pg-boss moved the try to 'retry' with its own uncapped whole-second backoff: use ours instead.
      await tx.executeSql(
        `UPDATE ${this.schema}.job SET start_after = now() + $3 * interval '1 second', expire_in = $4 * interval '1 second'
         WHERE name = $1 AND id = $2::uuid AND state = 'retry'`,
        [job.queue, job.id, retryInSeconds, this.leaseSeconds],
      );
    });
  }

  /**
   * Back to `created`, due now. With `started_on` cleared, pg-boss's next fetch does not count a retry (it bumps
   * `retry_count` only for a job started before), so the interrupted try is not spent.
   */
  private async release(job: BossLease): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${this.schema}.job SET state = 'created', started_on = NULL, start_after = now() WHERE ${this.held}`,
      [job.queue, job.id, job.token],
    );
    return result.rowCount === 1;
  }
}

/** Our failures store `{ message }`; pg-boss's expiry stores `{ value: { message } }`. */
function errorOf(output: unknown): string | null {
  if (typeof output !== 'object' || output === null) return null;
  const record = output as { message?: unknown; value?: { message?: unknown } };
  if (typeof record.message === 'string') return record.message;
  if (typeof record.value?.message === 'string') return record.value.message;
  return null;
}
