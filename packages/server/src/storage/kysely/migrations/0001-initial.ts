import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function initialMigration(dialect: Dialect): Migration {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('flows')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('draft', json, (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('flow_versions')
        .addColumn('flow_id', 'text', (c) => c.notNull().references('flows.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('definition', json, (c) => c.notNull())
        .addColumn('published_at', time, (c) => c.notNull())
        .addPrimaryKeyConstraint('flow_versions_pk', ['flow_id', 'version'])
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('flow_id', 'text', (c) => c.notNull())
        .addColumn('flow_version', 'integer', (c) => c.notNull())
        .addColumn('context', json, (c) => c.notNull())
        .addColumn('progress', json, (c) => c.notNull())
        .addColumn('started_at', time, (c) => c.notNull())
        .addColumn('completed_at', time)
        .addForeignKeyConstraint('sessions_flow_version_fk', ['flow_id', 'flow_version'], 'flow_versions', ['flow_id', 'version'])
        .execute();
      // The owner's session list pages newest first, optionally for one flow.
      await db.schema.createIndex('sessions_started_idx').on('sessions').columns(['started_at', 'id']).execute();
      await db.schema.createIndex('sessions_flow_started_idx').on('sessions').columns(['flow_id', 'started_at', 'id']).execute();

      await db.schema
        .createTable('events')
        .$call((t) =>
          dialect === 'postgres'
            ? t.addColumn('seq', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
            : t.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement()),
        )
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('time', time, (c) => c.notNull())
        .addColumn('received_at', time, (c) => c.notNull())
        .addColumn('event', json, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_session_seq_idx').on('events').columns(['session_id', 'seq']).execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['events', 'sessions', 'flow_versions', 'flows']) await db.schema.dropTable(table).execute();
    },
  };
}
