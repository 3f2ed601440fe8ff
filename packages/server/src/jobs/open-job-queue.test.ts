import { describe, expect, it } from 'vitest';
import { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { storageFactories, TEST_DATABASE_URL } from '../test-support/storages.js';
import { openJobQueue } from './open-job-queue.js';
import { PgBossJobQueue } from './pg-boss-job-queue.js';
import { TableJobQueue } from './table-job-queue.js';

describe('openJobQueue', () => {
  it('puts the jobs of an SQLite deployment in its own database', async () => {
    const opened = await storageFactories.find((f) => f.name === 'sqlite')!.open();
    try {
      const storage = opened.storage as KyselyStorage;
      const queue = openJobQueue({ kind: 'sqlite', db: storage.database }, { leaseSeconds: 5, pollIntervalMs: 20 });
      expect(queue).toBeInstanceOf(TableJobQueue);
      const id = (await queue.enqueue('q', { a: 1 }))!;
      expect(await queue.status(id)).toMatchObject({ queue: 'q', state: 'queued', attempts: 0 });
      await queue.stop();
    } finally {
      await opened.dispose();
    }
  });

  it('uses pg-boss on PostgreSQL, connecting only when first used', async () => {
    const queue = openJobQueue({ kind: 'postgres', url: TEST_DATABASE_URL, schema: 'never_created' }, { leaseSeconds: 5 });
    expect(queue).toBeInstanceOf(PgBossJobQueue);
    await queue.stop();
  });
});
