import { describe, expect, it } from 'vitest';
import { storageFactories } from '../../../test-support/storages.js';
import { migrateTo } from '../../../test-support/old-database.js';

describe.each(storageFactories)('migration 0018 on $name', (factory) => {
  it("fills members' last activity from their live sessions, and keeps invites open", async () => {
    const { storage, dispose } = await factory.open({ migrate: false });
    try {
      const db = storage.database;
      await migrateTo(factory, db, '0015-media-library');
      const at = '2026-02-01T00:00:00.000Z';
      await db.insertInto('workspaces').values({ id: 'w', name: 'Acme', created_at: at }).execute();
      for (const id of ['ann', 'bo']) {
        await db.insertInto('users').values({ id, email: `${id}@example.org`, name: id, password_hash: 'x', created_at: at }).execute();
        await db.insertInto('memberships').values({ workspace_id: 'w', user_id: id, role: 'admin', created_at: at }).execute();
      }
      const session = (id: string, lastSeen: string) => ({ id, user_id: 'ann', workspace_id: 'w', csrf_token_hash: 'h', created_at: at, expires_at: '2026-03-01T00:00:00.000Z', last_seen_at: lastSeen });
      await db.insertInto('auth_sessions').values([session('s1', '2026-02-02T10:00:00.000Z'), session('s2', '2026-02-03T09:00:00.000Z')]).execute();
      await db.insertInto('invites').values({ id: 'i', workspace_id: 'w', role: 'owner', email: null, created_by: 'ann', created_at: at, expires_at: '2026-02-08T00:00:00.000Z' }).execute();

      await storage.migrate();
      const members = await storage.team.listMembers('w');
      expect(members.map((m) => [m.user.id, m.lastActiveAt])).toEqual([
        ['ann', '2026-02-03T09:00:00.000Z'],
        ['bo', null],
      ]);
      expect((await storage.team.listOpenInvites('w', at)).map((i) => i.id)).toEqual(['i']);
    } finally {
      await dispose();
    }
  });
});
