import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema.js';

const VIEWER_TYPES = [
  'reelback.session.started',
  'reelback.step.viewed',
  'reelback.video.progressed',
  'reelback.choice.selected',
  'reelback.answer.submitted',
  'reelback.cta.clicked',
  'reelback.session.completed',
];

/**
 * Analytics facts: narrow copies of what the metrics read, so a flow's funnel over a million events is a scan of
 * plain indexed columns and never parses JSON.
 *
 * - `analytics_sessions`: one row per session with its flow, version, server start time (epoch ms) and the segment
 *   columns taken from its context (device, embed mode, referrer host, utm source/medium/campaign).
 * - `analytics_events`: one row per stored viewer event: kind (`step.viewed`, …), step, detail (the chosen option
 *   or the answer's kind), value (the video mark or the rating/NPS value), the viewer's clock (for time on step) and
 *   the server's (for buckets), both epoch ms. Clustered by session (SQLite: without rowid) so a session's facts
 *   are read together.
 *
 * Both are kept in step by triggers, as `answers` is (migration 0005): every adapter's write path inserts sessions
 * and events, so the facts are written in the same transaction, by whichever wrote them; a retried event is a
 * duplicate `events.id`, never stored, so never counted. They go with their session (on delete cascade).
 *
 * The referrer host is cut out in SQL the same way on both engines: after the first `://`, up to the first
 * `/`, `?`, `#` or `:`, lower-cased (a referrer with user info, which browsers never send, would give the user).
 */
export function analyticsMigration(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  const types = VIEWER_TYPES.map((t) => `'${t}'`).join(', ');
  /** Epoch milliseconds of a stored timestamp (`timestamptz` / ISO text with any offset). */
  const ms = (column: string) =>
    pg ? `round(extract(epoch from ${column}) * 1000)::bigint` : `cast(round(unixepoch(${column}, 'subsec') * 1000) as integer)`;
  /** A JSON member as text: `path` like `data.stepId`. */
  const text = (column: string, path: string) => {
    const parts = path.split('.');
    return pg ? `(${column}->${parts.slice(0, -1).map((p) => `'${p}'->`).join('')}>'${parts.at(-1)}')` : `json_extract(${column}, '$.${path}')`;
  };
  const host = (column: string) => {
    const referrer = text(column, 'referrer');
    const find = pg ? (s: string, what: string) => `strpos(${s}, '${what}')` : (s: string, what: string) => `instr(${s}, '${what}')`;
    const rest = `substr(${referrer}, ${find(referrer, '://')} + 3)`;
    const cut = ['/', '?', '#', ':'].map((ch) => find(`(${rest} || '${ch}')`, ch)).join(', ');
    return `case when ${find(referrer, '://')} > 0 then nullif(lower(substr(${rest}, 1, ${pg ? 'least' : 'min'}(${cut}) - 1)), '') end`;
  };
  const sessionValues = (s: string) => `${s}.id, ${s}.flow_id, ${s}.flow_version, ${ms(`${s}.started_at`)},
    ${text(`${s}.context`, 'embedMode')}, ${text(`${s}.context`, 'device')}, ${host(`${s}.context`)},
    ${text(`${s}.context`, 'utm.source')}, ${text(`${s}.context`, 'utm.medium')}, ${text(`${s}.context`, 'utm.campaign')}`;
  const sessionColumns = sql.raw(
    '(session_id, flow_id, flow_version, started_ms, embed_mode, device, referrer_host, utm_source, utm_medium, utm_campaign)',
  );
  const number = (column: string, path: string) => (pg ? `(${text(column, path)})::integer` : `cast(${text(column, path)} as integer)`);
  const eventValues = (e: string) => `${e}.session_id, ${e}.seq, substr(${e}.type, 10),
    coalesce(${text(`${e}.event`, 'data.stepId')}, ${text(`${e}.event`, 'data.endStepId')}),
    case ${e}.type when 'reelback.choice.selected' then ${text(`${e}.event`, 'data.optionId')}
      when 'reelback.answer.submitted' then ${text(`${e}.event`, 'data.answer.kind')} end,
    case when ${e}.type = 'reelback.video.progressed' then ${number(`${e}.event`, 'data.percent')}
      when ${e}.type = 'reelback.answer.submitted' and ${text(`${e}.event`, 'data.answer.kind')} in ('rating', 'nps')
        then ${number(`${e}.event`, 'data.answer.value')} end,
    ${ms(`${e}.time`)}, ${ms(`${e}.received_at`)}`;
  const eventColumns = sql.raw('(session_id, seq, kind, step_id, detail, value, time_ms, received_ms)');
  const bigint = pg ? 'bigint' : 'integer';

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('analytics_sessions')
        .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
        .addColumn('flow_id', 'text', (c) => c.notNull())
        .addColumn('flow_version', 'integer', (c) => c.notNull())
        .addColumn('started_ms', bigint, (c) => c.notNull())
        .addColumn('embed_mode', 'text')
        .addColumn('device', 'text')
        .addColumn('referrer_host', 'text')
        .addColumn('utm_source', 'text')
        .addColumn('utm_medium', 'text')
        .addColumn('utm_campaign', 'text')
        .execute();
      // Every query picks a flow's sessions started in a range (optionally of one version).
      await db.schema.createIndex('analytics_sessions_flow_idx').on('analytics_sessions').columns(['flow_id', 'started_ms']).execute();

      await db.schema
        .createTable('analytics_events')
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('seq', bigint, (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('step_id', 'text')
        .addColumn('detail', 'text')
        .addColumn('value', 'integer')
        .addColumn('time_ms', bigint, (c) => c.notNull())
        .addColumn('received_ms', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('analytics_events_pk', ['session_id', 'seq'])
        .$call((t) => (pg ? t : t.modifyEnd(sql`without rowid`)))
        .execute();

      await sql`insert into analytics_sessions ${sessionColumns} select ${sql.raw(sessionValues('s'))} from sessions s`.execute(db);
      await sql`insert into analytics_events ${eventColumns} select ${sql.raw(eventValues('e'))} from events e
        where e.type in (${sql.raw(types)})`.execute(db);

      if (pg) {
        await sql`
          create function reelback_analytics_session() returns trigger language plpgsql as $fn$
          begin
            insert into analytics_sessions ${sessionColumns} select ${sql.raw(sessionValues('new'))} on conflict do nothing;
            return null;
          end $fn$`.execute(db);
        await sql`create trigger sessions_analytics_insert after insert on sessions for each row
          execute function reelback_analytics_session()`.execute(db);
        await sql`
          create function reelback_analytics_event() returns trigger language plpgsql as $fn$
          begin
            insert into analytics_events ${eventColumns} select ${sql.raw(eventValues('new'))} on conflict do nothing;
            return null;
          end $fn$`.execute(db);
        await sql`create trigger events_analytics_insert after insert on events for each row
          when (new.type in (${sql.raw(types)})) execute function reelback_analytics_event()`.execute(db);
      } else {
        await sql`create trigger sessions_analytics_insert after insert on sessions begin
          insert or ignore into analytics_sessions ${sessionColumns} select ${sql.raw(sessionValues('new'))}; end`.execute(db);
        await sql`create trigger events_analytics_insert after insert on events when new.type in (${sql.raw(types)}) begin
          insert or ignore into analytics_events ${eventColumns} select ${sql.raw(eventValues('new'))}; end`.execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      if (pg) {
        await sql`drop trigger events_analytics_insert on events`.execute(db);
        await sql`drop trigger sessions_analytics_insert on sessions`.execute(db);
        await sql`drop function reelback_analytics_event()`.execute(db);
        await sql`drop function reelback_analytics_session()`.execute(db);
      } else {
        await sql`drop trigger events_analytics_insert`.execute(db);
        await sql`drop trigger sessions_analytics_insert`.execute(db);
      }
      await db.schema.dropTable('analytics_events').execute();
      await db.schema.dropTable('analytics_sessions').execute();
    },
  };
}
