import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * Answers: one row per accepted `reelback.answer.submitted` event, for the owners' inbox (newest first, filters,
 * review state), with their tags.
 *
 * Rows are kept in step by a database trigger on `events`: every adapter's write path (SQLite's group commit,
 * PostgreSQL's group commit and the plain Kysely one) inserts events, so the trigger adds the answer row in the
 * same transaction as its event, whichever wrote it. A retried event is a duplicate `events.id` and never stored
 * twice, so neither is its answer. The backfill is the trigger's `select` over the events already stored.
 *
 * Typed text is searchable: an FTS5 table on SQLite (kept in step by triggers on `answers`), a generated tsvector
 * with a GIN index on PostgreSQL.
 */
export function answersMigration(dialect: Dialect): Migration {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('answers')
        // The event's id.
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('flow_id', 'text', (c) => c.notNull())
        .addColumn('flow_version', 'integer', (c) => c.notNull())
        .addColumn('step_id', 'text', (c) => c.notNull())
        // text | rating | nps | contact | video | audio
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('clip_id', 'text')
        .addColumn('text', 'text')
        .addColumn('value', json, (c) => c.notNull())
        // new | reviewed | archived
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
        .addColumn('starred', 'boolean', (c) => c.notNull().defaultTo(dialect === 'postgres' ? sql`false` : sql`0`))
        .addColumn('note', 'text')
        .addColumn('submitted_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();
      // The inbox pages newest first, for all the workspace's flows (joined through flows) or one flow.
      await db.schema.createIndex('answers_submitted_idx').on('answers').columns(['submitted_at', 'id']).execute();
      await db.schema.createIndex('answers_flow_submitted_idx').on('answers').columns(['flow_id', 'submitted_at', 'id']).execute();
      await db.schema.createIndex('answers_session_idx').on('answers').column('session_id').execute();
      await db.schema.createIndex('answers_clip_idx').on('answers').column('clip_id').execute();

      await db.schema
        .createTable('answer_tags')
        .addColumn('answer_id', 'text', (c) => c.notNull().references('answers.id').onDelete('cascade'))
        .addColumn('tag', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('answer_tags_pk', ['answer_id', 'tag'])
        .execute();
      await db.schema.createIndex('answer_tags_tag_idx').on('answer_tags').columns(['tag', 'answer_id']).execute();

      if (dialect === 'postgres') {
        await sql`alter table answers add column search tsvector generated always as (to_tsvector('simple', coalesce(text, ''))) stored`.execute(db);
        await sql`create index answers_search_idx on answers using gin (search)`.execute(db);
        const values = (e: string) => `${e}.id, ${e}.session_id, s.flow_id, s.flow_version,
            ${e}.event->'data'->>'stepId', ${e}.event->'data'->'answer'->>'kind', ${e}.event->'data'->'answer'->>'clipId',
            case when ${e}.event->'data'->'answer'->>'kind' = 'text' then ${e}.event->'data'->'answer'->>'text' end,
            ${e}.event->'data'->'answer', ${e}.received_at, ${e}.received_at`;
        const select = (e: string) => sql.raw(`select ${values(e)} from sessions s where s.id = ${e}.session_id`);
        const columns = sql.raw('(id, session_id, flow_id, flow_version, step_id, kind, clip_id, text, value, submitted_at, updated_at)');
        await sql`insert into answers ${columns}
          select ${sql.raw(values('e'))} from events e join sessions s on s.id = e.session_id
          where e.type = 'reelback.answer.submitted' order by e.seq`.execute(db);
        await sql`
          create function reelback_answer_from_event() returns trigger language plpgsql as $fn$
          begin
            insert into answers ${columns} ${select('new')} on conflict (id) do nothing;
            return null;
          end $fn$`.execute(db);
        await sql`create trigger events_answer_insert after insert on events for each row
          when (new.type = 'reelback.answer.submitted') execute function reelback_answer_from_event()`.execute(db);
      } else {
        await sql`create virtual table answers_fts using fts5(text, answer_id unindexed, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
        await sql`create trigger answers_fts_insert after insert on answers when new.text is not null begin
          insert into answers_fts (text, answer_id) values (new.text, new.id); end`.execute(db);
        await sql`create trigger answers_fts_delete after delete on answers when old.text is not null begin
          delete from answers_fts where answer_id = old.id; end`.execute(db);
        const values = (e: string) => `${e}.id, ${e}.session_id, s.flow_id, s.flow_version,
            json_extract(${e}.event, '$.data.stepId'), json_extract(${e}.event, '$.data.answer.kind'),
            json_extract(${e}.event, '$.data.answer.clipId'),
            case when json_extract(${e}.event, '$.data.answer.kind') = 'text' then json_extract(${e}.event, '$.data.answer.text') end,
            json_extract(${e}.event, '$.data.answer'), ${e}.received_at, ${e}.received_at`;
        const select = (e: string) => sql.raw(`select ${values(e)} from sessions s where s.id = ${e}.session_id`);
        const columns = sql.raw('(id, session_id, flow_id, flow_version, step_id, kind, clip_id, text, value, submitted_at, updated_at)');
        await sql`insert into answers ${columns}
          select ${sql.raw(values('e'))} from events e join sessions s on s.id = e.session_id
          where e.type = 'reelback.answer.submitted' order by e.seq`.execute(db);
        await sql`create trigger events_answer_insert after insert on events when new.type = 'reelback.answer.submitted' begin
          insert or ignore into answers ${columns} ${select('new')}; end`.execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      if (dialect === 'postgres') {
        await sql`drop trigger events_answer_insert on events`.execute(db);
        await sql`drop function reelback_answer_from_event()`.execute(db);
      } else {
        await sql`drop trigger events_answer_insert`.execute(db);
        await sql`drop table answers_fts`.execute(db);
      }
      await db.schema.dropTable('answer_tags').execute();
      await db.schema.dropTable('answers').execute();
    },
  };
}
