import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../../test-support/storages.js';
import { openStorage } from '../open-storage.js';

const name = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;

describe('OwnSchemaPostgresDialect', () => {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  const ours = name('reelback_own');
  const theirs = name('reelback_other');

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create schema ${ours}; create schema ${theirs}; create table ${theirs}.kysely_migration (name text)`);
  });
  afterAll(async () => {
    await admin.query(`drop schema if exists ${ours} cascade; drop schema if exists ${theirs} cascade`);
    await admin.end();
  });

  it("introspects the connection's own schema only", async () => {
    const storage = openStorage({ kind: 'postgres', url: TEST_DATABASE_URL, searchPath: ours, maxConnections: 2 });
    try {
      await storage.migrate();
      const tables = await storage.database.introspection.getTables({ withInternalKyselyTables: true });
      expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([ours]));
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['kysely_migration', 'flows', 'events']));
      const flows = tables.find((t) => t.name === 'flows')!;
      expect(flows.columns.map((c) => c.name)).toContain('id');
      const visible = await storage.database.introspection.getTables();
      expect(visible.map((t) => t.name)).not.toContain('kysely_migration');
      expect((await storage.health()).ok).toBe(true);
    } finally {
      await storage.close();
    }
  });

  it('migrates while other clients create and drop schemas around it (the old race of the test suite)', async () => {
    let churning = true;
    const churn = (async () => {
      const other = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await other.connect();
      try {
        while (churning) {
          const schema = name('reelback_churn');
          await other.query(`create schema ${schema}; create table ${schema}.t (id serial primary key, v text)`);
          await other.query(`drop schema ${schema} cascade`);
        }
      } finally {
        await other.end();
      }
    })();
    const schemas = [name('reelback_own'), name('reelback_own')];
    try {
      for (const schema of schemas) {
        await admin.query(`create schema ${schema}`);
        const storage = openStorage({ kind: 'postgres', url: TEST_DATABASE_URL, searchPath: schema, maxConnections: 2 });
        try {
          await storage.migrate();
          expect((await storage.health()).ok).toBe(true);
        } finally {
          await storage.close();
        }
      }
    } finally {
      churning = false;
      await churn;
      for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`);
    }
  });
});
