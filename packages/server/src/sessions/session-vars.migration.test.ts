import { NEW_SESSION, uuidv7 } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { storageFactories } from '../test-support/storages.js';
import { migrateTo, insertOldPublishedFlow } from '../test-support/old-database.js';

const flow = { name: 'F', steps: [{ id: 'end', prompt: { title: 'Bye' }, answer: { type: 'end' } }] };

describe.each(storageFactories)('migration 0013 (session variables) on $name', (factory) => {
  it('gives sessions stored before it no variables, and keeps their progress readable', async () => {
    const { storage, dispose } = await factory.open({ migrate: false });
    try {
      const db = storage.database;
      await migrateTo(factory, db, '0011-analytics-days');
      const at = '2026-02-01T00:00:00.000Z';
      await insertOldPublishedFlow(db, 'old', flow, at);
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
