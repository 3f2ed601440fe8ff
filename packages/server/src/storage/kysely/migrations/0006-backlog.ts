import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * Backlog hand-off: each workspace's tracker settings, and the item made of an answer.
 *
 * - `workspace_trackers.sealed` is the whole TrackerConfig as JSON, encrypted with AES-256-GCM by the service
 *   (the database never sees a token); `kind` stays readable for operators.
 * - `answer_backlog_items` holds at most one row per answer. A hand-off first inserts a `pending` row (the claim:
 *   a second click, in this process or another, finds it and makes no second item), then calls the tracker, then
 *   marks the row `created` with the item's URL and key, or deletes it when the tracker failed. Rows go with their
 *   answer (ON DELETE CASCADE), so a privacy erase removes them in its transaction; the tracker's item stays.
 */
export function backlogMigration(dialect: Dialect): Migration {
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('workspace_trackers')
        .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
        // github | jira | linear | webhook
        .addColumn('kind', 'text', (c) => c.notNull())
        // v1.<iv>.<tag>.<ciphertext>, base64url; the workspace id and kind are its associated data.
        .addColumn('sealed', 'text', (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('answer_backlog_items')
        .addColumn('answer_id', 'text', (c) => c.primaryKey().references('answers.id').onDelete('cascade'))
        // pending (a hand-off is calling the tracker) | created
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('tracker', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        .addColumn('key', 'text')
        .addColumn('claimed_at', time, (c) => c.notNull())
        .addColumn('created_at', time)
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('answer_backlog_items').execute();
      await db.schema.dropTable('workspace_trackers').execute();
    },
  };
}
