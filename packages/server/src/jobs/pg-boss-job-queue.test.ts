import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../test-support/storages.js';
import { FAST, type JobQueueAdapterUnderTest, jobQueueContract, waitFor } from '../test-support/job-queue.contract.js';
import { PgBossJobQueue } from './pg-boss-job-queue.js';

/** A connection for the test's own queries and a pg-boss schema no other test uses (dropped by `dispose`). */
async function openSchema() {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  try {
    await admin.connect();
  } catch (error) {
    // Fail, never skip: a missing database must not pass as green.
    throw new Error(`PostgreSQL is not reachable at ${TEST_DATABASE_URL}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const schema = `reelback_jobs_test_${randomBytes(6).toString('hex')}`;
  return {
    admin,
    schema,
    async dispose() {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

const pgBossAdapter: JobQueueAdapterUnderTest = {
  name: 'pg-boss queue on postgres',
  unknownId: '00000000-0000-4000-8000-000000000000',
  async open(onEvent) {
    const { admin, schema, dispose } = await openSchema();
    const queues: PgBossJobQueue[] = [];
    return {
      create(label, timing) {
        const queue = new PgBossJobQueue({
          ...FAST,
          ...timing,
          url: TEST_DATABASE_URL,
          schema,
          maxConnections: 3,
          maintenanceIntervalSeconds: 1,
          onEvent: (event) => onEvent(label, event),
        });
        queues.push(queue);
        return queue;
      },
      async stealLease(id) {
        await admin.query(`UPDATE ${schema}.job SET started_on = started_on + interval '1 millisecond' WHERE id = $1`, [id]);
      },
      async expireLease(id) {
        // pg-boss expires a job once started_on + expire_in has passed (its maintenance then fails or retries it).
        await admin.query(`UPDATE ${schema}.job SET expire_in = interval '0 seconds' WHERE id = $1`, [id]);
      },
      async dispose() {
        await Promise.allSettled(queues.map((q) => q.stop()));
        await dispose();
      },
    };
  },
};

describe.each([pgBossAdapter])('JobQueue: $name', jobQueueContract);

describe('PgBossJobQueue beyond the port', () => {
  it('still refuses a singleton key once pg-boss has archived the completed job, and reports the job from the archive', async () => {
    const db = await openSchema();
    const queue = new PgBossJobQueue({
      ...FAST,
      url: TEST_DATABASE_URL,
      schema: db.schema,
      maintenanceIntervalSeconds: 1,
      boss: { archiveCompletedAfterSeconds: 1 },
    });
    try {
      queue.work('normalise', async () => {});
      await queue.start();
      const id = (await queue.enqueue('normalise', { clip: 'a' }, { singletonKey: 'clip-a' }))!;
      await waitFor(
        'the archived job',
        async () => (await db.admin.query(`SELECT 1 FROM ${db.schema}.archive WHERE id = $1`, [id])).rowCount === 1,
        10_000,
      );
      expect(await queue.enqueue('normalise', { clip: 'a' }, { singletonKey: 'clip-a' })).toBeNull();
      expect(await queue.status(id)).toMatchObject({ state: 'completed', attempts: 1, queue: 'normalise' });
    } finally {
      await queue.stop();
      await db.dispose();
    }
  });

  it('creates many queues at once from several processes without losing an enqueue (pg-boss 10 deadlocks on concurrent create_queue)', async () => {
    const db = await openSchema();
    // Two "processes" on one schema, each enqueueing into ten queues that do not exist yet, all at once: every
    // create_queue adds a partition to pg-boss's job table, and unserialised they deadlocked, failing enqueues.
    const processes = [0, 1].map(() => new PgBossJobQueue({ ...FAST, url: TEST_DATABASE_URL, schema: db.schema, maxConnections: 5 }));
    try {
      const names = Array.from({ length: 10 }, (_, i) => `queue-${i}`);
      const results = await Promise.allSettled(processes.flatMap((queue, p) => names.map((name) => queue.enqueue(name, { p, name }))));
      const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`enqueue #${i}: ${String(r.reason)}`] : []));
      expect(failures, failures.join('\n')).toEqual([]);
      const { rows } = await db.admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${db.schema}.job`);
      expect(Number(rows[0]!.n)).toBe(20);
    } finally {
      await Promise.allSettled(processes.map((q) => q.stop()));
      await db.dispose();
    }
  });

  it('maps maxAttempts and the lease onto the pg-boss job', async () => {
    const db = await openSchema();
    const queue = new PgBossJobQueue({ ...FAST, leaseSeconds: 7, url: TEST_DATABASE_URL, schema: db.schema });
    try {
      const id = (await queue.enqueue('export', {}, { maxAttempts: 3, singletonKey: 'k' }))!;
      const { rows } = await db.admin.query(
        `SELECT retry_limit, extract(epoch FROM expire_in)::int AS expire, singleton_key, data FROM ${db.schema}.job WHERE id = $1`,
        [id],
      );
      expect(rows[0]).toEqual({ retry_limit: 2, expire: 7, singleton_key: 'k', data: { payload: {} } });
    } finally {
      await queue.stop();
      await db.dispose();
    }
  });
});
