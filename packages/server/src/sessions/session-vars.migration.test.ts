import { NEW_SESSION, uuidv7 } from '@reelback/shared';
import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../storage/kysely/migrations/index.js';
import { storageFactories } from '../test-support/storages.js';

const flow = { name: 'F', steps: [{ id: 'end', prompt: { title: 'Bye' }, answer: { type: 'end' } }] };

describe.each(storageFactories)('migration 0013 (session variables) on $name', (factory) => {
  it('gives sessions stored before it no variables, and keeps their progress readable', async () => {
    const { storage, dispose } = await factory.open({ migrate: false });
    try {
      const db = storage.database;
      const schema =
        factory.name === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]!.schema : undefined;
      const migrator = new Migrator({ db, provider: migrations(factory.name), ...(schema ? { migrationTableSchema: schema } : {}) });
      expect((await migrator.migrateTo('0011-analytics-days')).error).toBeUndefined();
      const at = '2026-02-01T00:00:00.000Z';
      await db.insertInto('flows').values({ id: 'old', name: 'F', draft: JSON.stringify(flow), created_at: at, updated_at: at }).execute();
      await db.insertInto('flow_versions').values({ flow_id: 'old', version: 1, definition: JSON.stringify(flow), published_at: at }).execute();
      const id = uuidv7();
      await db
        .insertInto('sessions')
        .values({ id, flow_id: 'old', flow_version: 1, context: JSON.stringify({ embedMode: 'inline' }), progress: JSON.stringify(NEW_SESSION), started_at: at, completed_at: null })
        .execute();

      await storage.migrate();
      expect(await storage.sessions.get(id)).toMatchObject({ id, vars: {}, progress: NEW_SESSION });
    } finally {
      await dispose();
    }
  });
});
