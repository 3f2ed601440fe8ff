import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * Single sign-on (#13): which account a provider's person is (`sso_identities`: the ID token's issuer and subject,
 * never the e-mail, which a provider may let people change), and whether a workspace turned passwords off
 * (`workspaces.passwords_off_at`: null while passwords work, else when they were turned off).
 */
export function ssoMigration(dialect: Dialect): Migration {
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sso_identities')
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        // The e-mail the provider gave when the link was made (for people reading the table).
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('last_used_at', time, (c) => c.notNull())
        .addPrimaryKeyConstraint('sso_identities_pk', ['issuer', 'subject'])
        .execute();
      await db.schema.createIndex('sso_identities_user_idx').on('sso_identities').column('user_id').execute();
      await db.schema.alterTable('workspaces').addColumn('passwords_off_at', time).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('workspaces').dropColumn('passwords_off_at').execute();
      await db.schema.dropTable('sso_identities').execute();
    },
  };
}
