import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { storageFactories } from '../../../test-support/storages.js';
import { migrateTo } from '../../../test-support/old-database.js';

describe.each(storageFactories)('migration 0017 on $name', (factory) => {
  it("keeps keys made before it working: no expiry, and their maker named from the user row (or unknown)", async () => {
    const { storage, dispose } = await factory.open({ migrate: false });
    try {
      const db = storage.database;
      await migrateTo(factory, db, '0015-media-library');
      const at = '2026-02-01T00:00:00.000Z';
      await db.insertInto('workspaces').values({ id: 'w', name: 'W', time_zone: 'UTC', created_at: at }).execute();
      await db.insertInto('users').values({ id: 'u', email: 'old@example.org', name: 'Old Admin', password_hash: 'x', created_at: at }).execute();
      const key = { workspace_id: 'w', name: 'old', key_hash: '0'.repeat(64), scopes: '["read"]', created_at: at };
      // Inserted through raw SQL-shaped values: the columns 0017 adds do not exist yet.
      await sql`insert into api_keys (id, workspace_id, name, prefix, key_hash, scopes, created_by, created_at) values
        ('k1', ${key.workspace_id}, ${key.name}, 'aaaaaaaaaaaa', ${key.key_hash}, ${factory.name === 'postgres' ? sql`${key.scopes}::jsonb` : key.scopes}, 'u', ${key.created_at}),
        ('k2', ${key.workspace_id}, 'by admin key', 'bbbbbbbbbbbb', ${key.key_hash}, ${factory.name === 'postgres' ? sql`${key.scopes}::jsonb` : key.scopes}, null, ${key.created_at})`.execute(db);

      await storage.migrate();
      const keys = await storage.accounts.listApiKeys('w');
      expect(keys.map((k) => [k.id, k.creator, k.expiresAt, k.revokedAt])).toEqual([
        ['k1', { kind: 'user', id: 'u', label: 'Old Admin' }, null, null],
        ['k2', null, null, null],
      ]);
      expect(await storage.audit.list({ workspaceId: 'w' }, { limit: 10 })).toEqual([]);
    } finally {
      await dispose();
    }
  });
});
