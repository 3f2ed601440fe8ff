import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * Accounts: workspaces, their members and roles, cookie sessions, invites and API keys. Secrets are never
 * stored: session ids, invite ids and API key hashes are SHA-256 digests of what the client holds.
 * Flows get a (nullable) workspace; the bootstrap workspace claims the flows that have none.
 */
export function accountsMigration(dialect: Dialect): Migration {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('workspaces')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
        .addColumn('created_at', time, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // Always stored lower-cased (the service does it), so the unique constraint is case-insensitive.
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        // scrypt$N$r$p$salt$hash (base64)
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('memberships')
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        // admin | owner | manager
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addPrimaryKeyConstraint('memberships_pk', ['workspace_id', 'user_id'])
        .execute();
      await db.schema.createIndex('memberships_user_idx').on('memberships').column('user_id').execute();

      await db.schema
        .createTable('auth_sessions')
        // SHA-256 (hex) of the cookie's token.
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        // SHA-256 (hex) of the CSRF token (itself derived from the cookie's token, so it is never stored).
        .addColumn('csrf_token_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('expires_at', time, (c) => c.notNull())
        .addColumn('last_seen_at', time, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('auth_sessions_user_idx').on('auth_sessions').columns(['user_id', 'workspace_id']).execute();

      await db.schema
        .createTable('invites')
        // SHA-256 (hex) of the invite token.
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('expires_at', time, (c) => c.notNull())
        .addColumn('accepted_at', time)
        .addColumn('accepted_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        // The public part of `rb_<prefix>_<secret>`: shown in lists, used to find the key.
        .addColumn('prefix', 'text', (c) => c.notNull().unique())
        // SHA-256 (hex) of the whole key.
        .addColumn('key_hash', 'text', (c) => c.notNull())
        .addColumn('scopes', json, (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('last_used_at', time)
        .addColumn('revoked_at', time)
        .execute();
      await db.schema.createIndex('api_keys_workspace_idx').on('api_keys').columns(['workspace_id', 'created_at']).execute();

      await db.schema.alterTable('flows').addColumn('workspace_id', 'text', (c) => c.references('workspaces.id')).execute();
      await db.schema.createIndex('flows_workspace_idx').on('flows').columns(['workspace_id', 'created_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('flows_workspace_idx').execute();
      await db.schema.alterTable('flows').dropColumn('workspace_id').execute();
      for (const table of ['api_keys', 'invites', 'auth_sessions', 'memberships', 'users', 'workspaces']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
