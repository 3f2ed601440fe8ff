import { describe, expect, it } from 'vitest';
import { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { type StorageFactory, storageFactories } from '../test-support/storages.js';
import { FAST, type JobQueueAdapterUnderTest, jobQueueContract, type TestQueue } from '../test-support/job-queue.contract.js';
import { TableJobQueue } from './table-job-queue.js';

function tableAdapter(factory: StorageFactory): JobQueueAdapterUnderTest {
  return {
    name: `table queue on ${factory.name}`,
    unknownId: '999999',
    async open(onEvent) {
      const opened = await factory.open();
      const storage = opened.storage;
      if (!(storage instanceof KyselyStorage)) throw new Error('the test storages are KyselyStorage');
      const queues: TestQueue[] = [];
      return {
        create(label, timing) {
          const queue = new TableJobQueue({
            ...FAST,
            ...timing,
            db: storage.database,
            dialect: storage.kind,
            onEvent: (event) => onEvent(label, event),
          });
          queues.push(queue);
          return queue;
        },
        async stealLease(id) {
          await storage.database.updateTable('jobs').set({ lease_token: 'taken-over' }).where('id', '=', Number(id)).execute();
        },
        async expireLease(id) {
          await storage.database.updateTable('jobs').set({ lease_until: new Date(0).toISOString() }).where('id', '=', Number(id)).execute();
        },
        async dispose() {
          await Promise.allSettled(queues.map((q) => q.stop()));
          await opened.dispose();
        },
      };
    },
  };
}

describe.each(storageFactories.map(tableAdapter))('JobQueue: $name', jobQueueContract);

describe.each(storageFactories)('TableJobQueue purge on $name', (factory) => {
  it('deletes completed and failed jobs past the retention in batches that yield; keeps the rest', async () => {
    const opened = await factory.open();
    try {
      const storage = opened.storage;
      if (!(storage instanceof KyselyStorage)) throw new Error('the test storages are KyselyStorage');
      const now = Date.parse('2026-06-10T00:00:00.000Z');
      const old = new Date(now - 8 * 24 * 3600_000).toISOString();
      const recent = new Date(now - 3600_000).toISOString();
      const row = (queue: string, state: string, at: string) => ({
        queue, payload: '{}', singleton_key: null, state, attempts: 1, max_attempts: 5, run_at: at,
        lease_until: null, lease_token: null, last_error: null, created_at: at, updated_at: at,
      });
      const rows = [
        ...Array.from({ length: 1100 }, () => row('old-done', 'completed', old)),
        ...Array.from({ length: 60 }, () => row('old-failed', 'failed', old)),
        ...Array.from({ length: 7 }, () => row('recent-done', 'completed', recent)),
        ...Array.from({ length: 5 }, () => row('old-queued', 'queued', old)),
        ...Array.from({ length: 3 }, () => row('old-active', 'active', old)),
      ];
      for (let i = 0; i < rows.length; i += 500) await storage.database.insertInto('jobs').values(rows.slice(i, i + 500)).execute();
      const queue = new TableJobQueue({ db: storage.database, dialect: storage.kind, retentionSeconds: 7 * 24 * 3600, clock: { now: () => new Date(now) } });

      let turned = false;
      setImmediate(() => {
        turned = true;
      });
      const deleted = await queue.purge();
      const turnedBeforeDone = turned;
      const left = await storage.database.selectFrom('jobs').select(['queue']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('queue').execute();
      expect(deleted).toBe(1160);
      expect(Object.fromEntries(left.map((r) => [r.queue, Number(r.n)]))).toEqual({ 'recent-done': 7, 'old-queued': 5, 'old-active': 3 });
      // 1,160 rows are three statements of 500: the event loop turned between them (on SQLite nothing else would let it).
      expect(turnedBeforeDone).toBe(true);
      expect(await queue.purge()).toBe(0);
    } finally {
      await opened.dispose();
    }
  });
});
