import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * The `answers` rows are written by the answers projection (`events/projections/answers.projection.ts`) in the
 * append's transaction, declared beside the other projections, instead of by a trigger on `events` that no import
 * or test of the TypeScript could see. Nothing to backfill: the trigger kept the table complete up to here.
 */
export function projectionsMigration(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  return {
    async up(db: Kysely<unknown>) {
      if (pg) {
        await sql`drop trigger events_answer_insert on events`.execute(db);
        await sql`drop function reelback_answer_from_event()`.execute(db);
      } else {
        await sql`drop trigger events_answer_insert`.execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      const columns = sql.raw('(id, session_id, flow_id, flow_version, step_id, kind, clip_id, text, value, submitted_at, updated_at)');
      if (pg) {
        await sql`
          create function reelback_answer_from_event() returns trigger language plpgsql as $fn$
          begin
            insert into answers ${columns}
              select new.id, new.session_id, s.flow_id, s.flow_version,
                new.event->'data'->>'stepId', new.event->'data'->'answer'->>'kind', new.event->'data'->'answer'->>'clipId',
                case when new.event->'data'->'answer'->>'kind' = 'text' then new.event->'data'->'answer'->>'text' end,
                new.event->'data'->'answer', new.received_at, new.received_at
              from sessions s where s.id = new.session_id
              on conflict (id) do nothing;
            return null;
          end $fn$`.execute(db);
        await sql`create trigger events_answer_insert after insert on events for each row
          when (new.type = 'reelback.answer.submitted') execute function reelback_answer_from_event()`.execute(db);
      } else {
        await sql`create trigger events_answer_insert after insert on events when new.type = 'reelback.answer.submitted' begin
          insert or ignore into answers ${columns}
            select new.id, new.session_id, s.flow_id, s.flow_version,
              json_extract(new.event, '$.data.stepId'), json_extract(new.event, '$.data.answer.kind'),
              json_extract(new.event, '$.data.answer.clipId'),
              case when json_extract(new.event, '$.data.answer.kind') = 'text' then json_extract(new.event, '$.data.answer.text') end,
              json_extract(new.event, '$.data.answer'), new.received_at, new.received_at
            from sessions s where s.id = new.session_id; end`.execute(db);
      }
    },
  };
}
