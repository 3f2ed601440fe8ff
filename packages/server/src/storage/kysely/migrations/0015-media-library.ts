import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * The workspace media library (prompt videos, audio, images). Rows belong to a workspace, not to a viewer's
 * session: erasing viewers never reaches them. `files` lists the stored renditions
 * ([{ rendition, key, contentType, sizeBytes, width, height }], keys content-addressed under `media-library/<id>/`);
 * `captions` holds the machine's and the owner's cues; `captions_status` is a column of its own so a captions job
 * can store its result only while they are queued.
 */
export function mediaLibraryMigration(dialect: Dialect): Migration {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('media_assets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // Null only for assets the admin key made before the bootstrap created a workspace (as for flows).
        .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        // video | audio | image, read from the content; null until it was checked
        .addColumn('kind', 'text')
        // uploading | processing | ready | rejected | failed
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('size_bytes', 'bigint')
        .addColumn('duration_seconds', 'real')
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('container', 'text')
        .addColumn('poster_at_seconds', 'real')
        .addColumn('files', json, (c) => c.notNull())
        // none | queued | ready | failed
        .addColumn('captions_status', 'text', (c) => c.notNull())
        .addColumn('captions', json, (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();
      // The library page: a workspace's assets newest first (name search filters this walk).
      await db.schema.createIndex('media_assets_workspace_idx').on('media_assets').columns(['workspace_id', 'created_at', 'id']).execute();
      await db.schema.createIndex('media_assets_status_idx').on('media_assets').columns(['status', 'created_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('media_assets').execute();
    },
  };
}
