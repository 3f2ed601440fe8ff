import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/** Recorded answers (clips) and the embedded job queue's table. */
export function clipsAndJobsMigration(dialect: Dialect): Migration {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('clips')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('step_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('mime_type', 'text')
        .addColumn('size_bytes', 'bigint')
        .addColumn('duration_seconds', 'real')
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('container', 'text')
        // The renditions made so far: [{ rendition, key, contentType, sizeBytes }].
        .addColumn('media', json, (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('clips_session_idx').on('clips').columns(['session_id', 'created_at']).execute();

      await db.schema
        .createTable('jobs')
        .$call((t) =>
          dialect === 'postgres'
            ? t.addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
            : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
        )
        .addColumn('queue', 'text', (c) => c.notNull())
        .addColumn('payload', json, (c) => c.notNull())
        // One live job per key (e.g. one normalisation per clip): enqueueing twice is a no-op.
        .addColumn('singleton_key', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('run_at', time, (c) => c.notNull())
        .addColumn('lease_until', time)
        .addColumn('lease_token', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('jobs_claim_idx').on('jobs').columns(['queue', 'state', 'run_at']).execute();
      await db.schema.createIndex('jobs_singleton_idx').on('jobs').columns(['queue', 'singleton_key']).unique().execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['jobs', 'clips']) await db.schema.dropTable(table).execute();
    },
  };
}
