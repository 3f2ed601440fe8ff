import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * Transcripts, one per clip, with their search index: an FTS5 table on SQLite (kept in step by the store, in
 * the same transaction as each write), a generated tsvector with a GIN index on PostgreSQL.
 */
export function transcriptsMigration(dialect: Dialect): Migration {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('transcripts')
        .addColumn('clip_id', 'text', (c) => c.primaryKey().references('clips.id').onDelete('cascade'))
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        // queued → ready | failed
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('job_id', 'text')
        .addColumn('engine', 'text')
        .addColumn('model', 'text')
        .addColumn('language', 'text')
        .addColumn('duration_seconds', 'real')
        .addColumn('processing_seconds', 'real')
        .addColumn('segments', json)
        .addColumn('text', 'text')
        // What the engine heard, kept when an owner edits the transcript.
        .addColumn('original_segments', json)
        .addColumn('original_text', 'text')
        .addColumn('edited_at', time)
        .addColumn('error', 'text')
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('transcripts_session_idx').on('transcripts').column('session_id').execute();
      if (dialect === 'postgres') {
        await sql`alter table transcripts add column search tsvector generated always as (to_tsvector('simple', coalesce(text, ''))) stored`.execute(db);
        await sql`create index transcripts_search_idx on transcripts using gin (search)`.execute(db);
      } else {
        await sql`create virtual table transcripts_fts using fts5(text, clip_id unindexed, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      if (dialect !== 'postgres') await sql`drop table transcripts_fts`.execute(db);
      await db.schema.dropTable('transcripts').execute();
    },
  };
}
