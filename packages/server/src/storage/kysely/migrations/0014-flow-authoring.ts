import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * Authoring in the studio: the draft's revision (the ETag an editor sends back as If-Match, so two editors of one
 * flow cannot overwrite each other unseen), who saved it last, archiving, and who published each version.
 *
 * - `draft_revision` starts at 1 (existing flows too) and goes up by one at every save of the draft.
 * - `draft_updated_by`, `archived_by`, `flow_versions.published_by`: the editor as shown at the time
 *   (`{ kind, id, label }` JSON), so a renamed or removed member still reads as they were; null before this.
 * - `archived_at`: set while the flow is archived (hidden from the list, not served to widgets, not editable).
 *
 * 0012 and 0013 are reserved for other work in flight; Kysely applies migrations in name order.
 */
export function flowAuthoringMigration(dialect: Dialect): Migration {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      await db.schema.alterTable('flows').addColumn('draft_revision', 'integer', (c) => c.notNull().defaultTo(1)).execute();
      await db.schema.alterTable('flows').addColumn('draft_updated_by', json).execute();
      await db.schema.alterTable('flows').addColumn('archived_at', time).execute();
      await db.schema.alterTable('flows').addColumn('archived_by', json).execute();
      await db.schema.alterTable('flow_versions').addColumn('published_by', json).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('flow_versions').dropColumn('published_by').execute();
      for (const column of ['archived_by', 'archived_at', 'draft_updated_by', 'draft_revision']) {
        await db.schema.alterTable('flows').dropColumn(column).execute();
      }
    },
  };
}
