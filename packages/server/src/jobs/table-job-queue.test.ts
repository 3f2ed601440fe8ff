import { describe } from 'vitest';
import { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { type OpenedStorage, type StorageFactory, storageFactories } from '../test-support/storages.js';
import { FAST, type JobQueueAdapterUnderTest, jobQueueContract, type TestQueue } from './job-queue.contract.js';
import { TableJobQueue } from './table-job-queue.js';

/**
 * Kysely's migrator looks at every schema's tables on PostgreSQL; when another test drops its schema at that
 * moment, the migration fails with "schema … does not exist" or "relation "<its schema>.kysely_migration" does not
 * exist" (a race of the shared test database, more likely here because these tests run concurrently). Migrating
 * again is safe: nothing was applied.
 */
async function openMigrated(factory: StorageFactory): Promise<OpenedStorage> {
  const opened = await factory.open({ migrate: false });
  for (let attempt = 1; ; attempt += 1) {
    try {
      await opened.storage.migrate();
      return opened;
    } catch (error) {
      const race = error instanceof Error && /(schema "[^"]+"|relation "[^"]+\.kysely_migration") does not exist/.test(error.message);
      if (!race || attempt === 5) {
        await opened.dispose();
        throw error;
      }
    }
  }
}

function tableAdapter(factory: StorageFactory): JobQueueAdapterUnderTest {
  return {
    name: `table queue on ${factory.name}`,
    unknownId: '999999',
    async open(onEvent) {
      const opened = await openMigrated(factory);
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
        async dispose() {
          await Promise.allSettled(queues.map((q) => q.stop()));
          await opened.dispose();
        },
      };
    },
  };
}

describe.each(storageFactories.map(tableAdapter))('JobQueue: $name', jobQueueContract);
