import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * The first run's setup code: one row while the server has no accounts. The code itself is never stored: it is
 * derived from `nonce` with the server's secret key (so every start, and every process sharing the key, prints
 * the same one), and `code_hash` proves a code typed in. `used_at` is set when the first admin is made, by the
 * setup page or by the admin key's bootstrap.
 */
export function setupCodeMigration(dialect: Dialect): Migration {
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('setup_codes')
        // Always 'first-run': there is at most one code.
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('nonce', 'text', (c) => c.notNull())
        // SHA-256 (hex) of the code in its normal form.
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('used_at', time)
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('setup_codes').execute();
    },
  };
}
