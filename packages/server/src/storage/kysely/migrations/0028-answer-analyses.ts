import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * Insights per answer (#17): one row per answer whose text (typed, or its clip's transcript) was asked to be analysed.
 * `content_hash` is the SHA-256 of the text the row is about, so a text that did not change is not analysed again;
 * `request_id` names the one analysis asked for now (its job's key): a job whose request was superseded (the text
 * changed, an owner asked again) stores nothing. The result's columns are null while `pending` and after `failed`.
 * Rows go with their answer (ON DELETE CASCADE, so an erased session takes its viewers' key phrases with it).
 * Numbers 0024–0027 belong to changes in flight.
 */
export function answerAnalysesMigration(dialect: Dialect): Migration {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  const real = dialect === 'postgres' ? ('double precision' as const) : ('real' as const);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('answer_analyses')
        .addColumn('answer_id', 'text', (c) => c.primaryKey().references('answers.id').onDelete('cascade'))
        // text | transcript
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        // pending | analyzed | empty | unsupported-language | failed
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('language', 'text')
        // negative | neutral | positive
        .addColumn('sentiment', 'text')
        .addColumn('sentiment_score', real)
        .addColumn('key_phrases', json, (c) => c.notNull())
        // { kind, name } of the engine that made the result
        .addColumn('engine', json)
        .addColumn('summary', 'text')
        .addColumn('summary_engine', json)
        .addColumn('requested_at', time, (c) => c.notNull())
        .addColumn('analyzed_at', time)
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();
      // The catch-up sweep finds requests whose job may have been lost.
      await db.schema.createIndex('answer_analyses_state_idx').on('answer_analyses').columns(['state', 'answer_id']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('answer_analyses').execute();
    },
  };
}
