import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * Issue #13: API keys may expire and record who made them (as named then), and each workspace keeps an audit log.
 *
 * `audit_log` rows are written by the services that act, in the same transaction as the change where the store runs
 * one (see docs/api-keys-and-audit.md). The actor and target are kept as they read at the time (no foreign keys):
 * the log still names a member who has left or a key that was revoked. `detail` is a small JSON object, never a
 * secret. Rows go with their workspace.
 */
export function apiKeysAndAuditMigration(dialect: Dialect): Migration {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('api_keys').addColumn('expires_at', time).execute();
      // An Editor ({ kind, id, label }); null for keys made before this migration.
      await db.schema.alterTable('api_keys').addColumn('created_by_editor', json).execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // Null only for what the admin key did before the bootstrap made a workspace (as for flows).
        .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
        .addColumn('at', time, (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        // user | api-key | admin-key; the user's or key's id (null for the admin key); the name shown then
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text')
        .addColumn('target_label', 'text')
        .addColumn('detail', json, (c) => c.notNull())
        .execute();
      // The page newest first, and the same walk filtered by action or by actor.
      await db.schema.createIndex('audit_log_workspace_idx').on('audit_log').columns(['workspace_id', 'at', 'id']).execute();
      await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['workspace_id', 'action', 'at', 'id']).execute();
      await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['workspace_id', 'actor_id', 'at', 'id']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('audit_log').execute();
      await db.schema.alterTable('api_keys').dropColumn('created_by_editor').execute();
      await db.schema.alterTable('api_keys').dropColumn('expires_at').execute();
    },
  };
}
