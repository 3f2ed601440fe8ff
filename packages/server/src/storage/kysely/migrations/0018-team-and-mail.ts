import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * The team (#13): when each member was last active in a workspace (written with the session's `last_seen_at`, at most
 * every few minutes; filled from live sessions here), revoked invites (kept, so the list can say so; also expired at
 * once, so the acceptance path refuses them unchanged), one-time password reset links (only the SHA-256 of the token
 * is kept), and the e-mails the server sends with their delivery state. A queued e-mail's content is sealed with the
 * server's secret key (it carries a link worth an account) and cleared once it was sent or failed for good.
 */
export function teamAndMailMigration(dialect: Dialect): Migration {
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('memberships').addColumn('last_active_at', time).execute();
      await sql`update memberships set last_active_at = (
          select max(s.last_seen_at) from auth_sessions s where s.workspace_id = memberships.workspace_id and s.user_id = memberships.user_id
        )`.execute(db);
      await db.schema.alterTable('invites').addColumn('revoked_at', time).execute();
      await db.schema.createIndex('invites_workspace_idx').on('invites').columns(['workspace_id', 'created_at']).execute();

      await db.schema
        .createTable('password_resets')
        // SHA-256 (hex) of the token in the link.
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        // The admin who made the link for the user; null when the user asked for it.
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('expires_at', time, (c) => c.notNull())
        .addColumn('used_at', time)
        .execute();
      await db.schema.createIndex('password_resets_user_idx').on('password_resets').columns(['user_id', 'created_at']).execute();

      await db.schema
        .createTable('mail_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
        // invite | password-reset
        .addColumn('topic', 'text', (c) => c.notNull())
        // The invite's or the reset link's id.
        .addColumn('topic_id', 'text')
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        // queued | retrying | sent | failed
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        // SecretBox-sealed JSON of the message; null once sent or failed for good.
        .addColumn('sealed_message', 'text')
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .addColumn('sent_at', time)
        .execute();
      await db.schema.createIndex('mail_deliveries_topic_idx').on('mail_deliveries').columns(['topic', 'topic_id']).execute();
      await db.schema.createIndex('mail_deliveries_created_idx').on('mail_deliveries').column('created_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('mail_deliveries').execute();
      await db.schema.dropTable('password_resets').execute();
      await db.schema.dropIndex('invites_workspace_idx').execute();
      await db.schema.alterTable('invites').dropColumn('revoked_at').execute();
      await db.schema.alterTable('memberships').dropColumn('last_active_at').execute();
    },
  };
}
