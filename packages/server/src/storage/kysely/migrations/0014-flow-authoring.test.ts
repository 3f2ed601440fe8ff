import { FlowDefinition } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { storageFactories } from '../../../test-support/storages.js';
import { migrateTo, insertOldPublishedFlow } from '../../../test-support/old-database.js';

const flow = { name: 'Old', steps: [{ id: 'end', prompt: { title: 'Bye' }, answer: { type: 'end' } }] };
const admin = { kind: 'admin-key' as const, id: null, label: 'the admin key' };

describe.each(storageFactories)('migration 0014 on $name', (factory) => {
  it('gives flows made before it revision 1, no recorded editor, not archived; and they save as before', async () => {
    const { storage, dispose } = await factory.open({ migrate: false });
    try {
      const db = storage.database;
      await migrateTo(factory, db, '0011-analytics-days');
      const at = '2026-02-01T00:00:00.000Z';
      await insertOldPublishedFlow(db, 'old', flow, at);

      await storage.migrate();
      const none = { workspaceId: null };
      expect(await storage.flows.get('old')).toMatchObject({ revision: 1, draftUpdatedBy: null, archivedAt: null, archivedBy: null, latestVersion: 1 });
      expect(await storage.flows.listVersions(none, 'old')).toEqual([{ flowId: 'old', version: 1, publishedAt: at, publishedBy: null }]);
      const saved = await storage.flows.updateDraft(none, 'old', FlowDefinition.parse({ ...flow, name: 'New' }), { at, by: admin, expectedRevision: 1 });
      expect(saved).toMatchObject({ outcome: 'saved', flow: { revision: 2, name: 'New', draftUpdatedBy: admin } });
    } finally {
      await dispose();
    }
  });
});
