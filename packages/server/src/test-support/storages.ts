import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { openStorage } from '../storage/open-storage.js';

/** The PostgreSQL every machine of this project runs; override to point the tests elsewhere. */
export const TEST_DATABASE_URL = process.env.REELBACK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface OpenedStorage {
  storage: KyselyStorage;
  dispose(): Promise<void>;
}

export interface StorageFactory {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty database; migrated unless `migrate: false`. */
  open(options?: { migrate?: boolean }): Promise<OpenedStorage>;
}

const sqlite: StorageFactory = {
  name: 'sqlite',
  async open({ migrate = true } = {}) {
    const dir = await mkdtemp(join(tmpdir(), 'reelback-server-test-'));
    const storage = openStorage({ kind: 'sqlite', file: join(dir, 'reelback.db') });
    if (migrate) await storage.migrate();
    return {
      storage,
      async dispose() {
        await storage.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: StorageFactory = {
  name: 'postgres',
  async open({ migrate = true } = {}) {
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    try {
      await admin.connect();
    } catch (error) {
      // Failing (not skipping) keeps a missing database from passing as green.
      throw new Error(
        `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${error instanceof Error ? error.message : String(error)}). ` +
          'The server tests need it: start PostgreSQL or set REELBACK_TEST_DATABASE_URL.',
        { cause: error },
      );
    }
    const schema = `reelback_test_${randomBytes(6).toString('hex')}`;
    await admin.query(`create schema ${schema}`);
    const storage = openStorage({ kind: 'postgres', url: TEST_DATABASE_URL, searchPath: schema, maxConnections: 5 });
    if (migrate) await storage.migrate();
    return {
      storage,
      async dispose() {
        await storage.close();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      },
    };
  },
};

/** Every storage test and API test runs once per engine: `describe.each(storageFactories)('$name', …)`. */
export const storageFactories: StorageFactory[] = [sqlite, postgres];
