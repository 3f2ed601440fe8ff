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
const SQLITE_EVENT_TRIGGERS = ['started', 'completed', 'viewed', 'video', 'response'] as const;
const RESPONSE_TYPES = `'reelback.choice.selected', 'reelback.answer.submitted', 'reelback.cta.clicked'`;

/**
 * Analytics facts, grouped by session as events arrive, so a flow's metrics read one row per session (and one per
 * session and step) in plain indexed columns and never parse JSON or regroup a million events.
 *
 * - `analytics_sessions`: per session, its flow, version, server start time (epoch ms), the segment columns of its
 *   context (device, embed mode, referrer host, utm source/medium/campaign), whether it started, when it completed
 *   (server clock) and the last step it viewed.
 * - `analytics_steps`: per session and step viewed, the first view and the time spent there until the viewer left
 *   (their first answer there or their view of another step; viewer clock), whether they answered, the furthest video
 *   mark, and their last choice or answer (kind, rating/NPS value) there. Copies the session's flow, version and
 *   start so a step's numbers are one primary key range: (flow_id, step_id, started_ms, session_id); sessions'
 *   are one range of (flow_id, started_ms, session_id).
 *
 * Both are kept in step by triggers, as `answers` is (migration 0005): every adapter's write path inserts sessions
 * and events, so the facts change in the same transaction, whoever wrote them; a retried event is a duplicate
 * `events.id`, never stored, so never counted. A session's events are applied in accept order (`seq`), as the
 * server accepts them. Facts go with their session (on delete cascade). `backfillAnalytics` builds the same rows from
 * what is stored already.
 *
 * The referrer host is cut out in SQL the same way on both engines: after the first `://`, up to the first
 * `/`, `?`, `#` or `:`, lower-cased (a referrer with user info, which browsers never send, would give the user).
 */
export function analyticsMigration(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  const bigint = pg ? 'bigint' : 'integer';
  // On SQLite the rows are stored in primary key order (flow, then step, then start), so a flow's range is read
  // in one sweep without a lookup per row; the triggers find rows by session through the unique indexes.
  const clustered = <T extends { modifyEnd(s: ReturnType<typeof sql.raw>): T }>(t: T): T => (pg ? t : t.modifyEnd(sql.raw('without rowid')));
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('analytics_sessions')
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('flow_id', 'text', (c) => c.notNull())
        .addColumn('flow_version', 'integer', (c) => c.notNull())
        .addColumn('started_ms', bigint, (c) => c.notNull())
        .addColumn('embed_mode', 'text')
        .addColumn('device', 'text')
        .addColumn('referrer_host', 'text')
        .addColumn('utm_source', 'text')
        .addColumn('utm_medium', 'text')
        .addColumn('utm_campaign', 'text')
        .addColumn('started', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('completed_ms', bigint)
        .addColumn('last_step', 'text')
        .addPrimaryKeyConstraint('analytics_sessions_pk', ['flow_id', 'started_ms', 'session_id'])
        .$call(clustered)
        .execute();
      await db.schema.createIndex('analytics_sessions_session_idx').on('analytics_sessions').column('session_id').unique().execute();

      await db.schema
        .createTable('analytics_steps')
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('step_id', 'text', (c) => c.notNull())
        .addColumn('flow_id', 'text', (c) => c.notNull())
        .addColumn('flow_version', 'integer', (c) => c.notNull())
        .addColumn('started_ms', bigint, (c) => c.notNull())
        .addColumn('viewed_ms', bigint, (c) => c.notNull())
        // Time on step: from the first view to leaving (never below 0); null while the viewer is still there.
        .addColumn('dwell_ms', bigint)
        .addColumn('responded', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('video', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('choice', 'text')
        .addColumn('answer_kind', 'text')
        .addColumn('answer_value', 'integer')
        .addPrimaryKeyConstraint('analytics_steps_pk', ['flow_id', 'step_id', 'started_ms', 'session_id'])
        .$call(clustered)
        .execute();
      await db.schema.createIndex('analytics_steps_session_idx').on('analytics_steps').columns(['session_id', 'step_id']).unique().execute();
      // Medians walk a step's times in order to the middle one instead of sorting them.
      await db.schema
        .createIndex('analytics_steps_dwell_idx')
        .on('analytics_steps')
        .columns(['flow_id', 'step_id', 'dwell_ms', 'started_ms', 'flow_version'])
        .where(sql.ref('dwell_ms'), 'is not', null)
        .execute();

      await backfillAnalytics(db, dialect);
      const ex = expressions(dialect);
      const types = VIEWER_TYPES.map((t) => `'${t}'`).join(', ');
      const stepId = ex.text('new.event', 'data.stepId');
      const clientMs = ex.ms('new.time');
      if (pg) {
        await sql`
          create function reelback_analytics_session() returns trigger language plpgsql as $fn$
          begin
            insert into analytics_sessions ${sql.raw(SESSION_COLUMNS)} select ${sql.raw(ex.sessionValues('new'))} on conflict do nothing;
            return null;
          end $fn$`.execute(db);
        await sql`create trigger sessions_analytics_insert after insert on sessions for each row
          execute function reelback_analytics_session()`.execute(db);
        await sql.raw(`
          create function reelback_analytics_event() returns trigger language plpgsql as $fn$
          declare
            step text := ${stepId};
          begin
            if new.type = 'reelback.session.started' then
              update analytics_sessions set started = 1 where session_id = new.session_id;
            elsif new.type = 'reelback.session.completed' then
              update analytics_sessions set completed_ms = ${ex.ms('new.received_at')}
                where session_id = new.session_id and completed_ms is null;
            elsif new.type = 'reelback.step.viewed' then
              update analytics_steps t set dwell_ms = greatest(0, ${clientMs} - t.viewed_ms) from analytics_sessions s
                where s.session_id = new.session_id and t.session_id = new.session_id and t.step_id = s.last_step
                  and s.last_step <> step and t.dwell_ms is null;
              insert into analytics_steps (session_id, step_id, flow_id, flow_version, started_ms, viewed_ms)
                select new.session_id, step, s.flow_id, s.flow_version, s.started_ms, ${clientMs}
                from analytics_sessions s where s.session_id = new.session_id
                on conflict do nothing;
              update analytics_sessions set last_step = step where session_id = new.session_id;
            elsif new.type = 'reelback.video.progressed' then
              update analytics_steps set video = greatest(video, ${ex.integer('new.event', 'data.percent')})
                where session_id = new.session_id and step_id = step;
            else
              update analytics_steps set responded = 1, dwell_ms = coalesce(dwell_ms, greatest(0, ${clientMs} - viewed_ms)),
                choice = case when new.type = 'reelback.choice.selected' then ${ex.text('new.event', 'data.optionId')} else choice end,
                answer_kind = case when new.type = 'reelback.answer.submitted' then ${ex.text('new.event', 'data.answer.kind')} else answer_kind end,
                answer_value = case when new.type = 'reelback.answer.submitted' then ${ex.answerValue('new.event')} else answer_value end
                where session_id = new.session_id and step_id = step;
            end if;
            return null;
          end $fn$`).execute(db);
        await sql`create trigger events_analytics_insert after insert on events for each row
          when (new.type in (${sql.raw(types)})) execute function reelback_analytics_event()`.execute(db);
      } else {
        await sql`create trigger sessions_analytics_insert after insert on sessions begin
          insert or ignore into analytics_sessions ${sql.raw(SESSION_COLUMNS)} select ${sql.raw(ex.sessionValues('new'))}; end`.execute(db);
        // One trigger per event type: SQLite checks a trigger's WHEN once and skips its body, where a single trigger
        // would run every statement (each finding nothing) for every event.
        const triggers: Record<(typeof SQLITE_EVENT_TRIGGERS)[number], string> = {
          started: `when new.type = 'reelback.session.started' begin
            update analytics_sessions set started = 1 where session_id = new.session_id; end`,
          completed: `when new.type = 'reelback.session.completed' begin
            update analytics_sessions set completed_ms = ${ex.ms('new.received_at')}
              where session_id = new.session_id and completed_ms is null; end`,
          viewed: `when new.type = 'reelback.step.viewed' begin
            update analytics_steps set dwell_ms = max(0, ${clientMs} - viewed_ms)
              where session_id = new.session_id and dwell_ms is null and step_id <> ${stepId}
                and step_id = (select last_step from analytics_sessions where session_id = new.session_id);
            insert or ignore into analytics_steps (session_id, step_id, flow_id, flow_version, started_ms, viewed_ms)
              select new.session_id, ${stepId}, s.flow_id, s.flow_version, s.started_ms, ${clientMs}
              from analytics_sessions s where s.session_id = new.session_id;
            update analytics_sessions set last_step = ${stepId} where session_id = new.session_id; end`,
          video: `when new.type = 'reelback.video.progressed' begin
            update analytics_steps set video = max(video, ${ex.integer('new.event', 'data.percent')})
              where session_id = new.session_id and step_id = ${stepId}; end`,
          response: `when new.type in (${RESPONSE_TYPES}) begin
            update analytics_steps set responded = 1, dwell_ms = coalesce(dwell_ms, max(0, ${clientMs} - viewed_ms)),
              choice = case when new.type = 'reelback.choice.selected' then ${ex.text('new.event', 'data.optionId')} else choice end,
              answer_kind = case when new.type = 'reelback.answer.submitted' then ${ex.text('new.event', 'data.answer.kind')} else answer_kind end,
              answer_value = case when new.type = 'reelback.answer.submitted' then ${ex.answerValue('new.event')} else answer_value end
              where session_id = new.session_id and step_id = ${stepId}; end`,
        };
        for (const name of SQLITE_EVENT_TRIGGERS) {
          await sql.raw(`create trigger events_analytics_${name} after insert on events ${triggers[name]}`).execute(db);
        }
      }
    },
    async down(db: Kysely<unknown>) {
      if (pg) {
        await sql`drop trigger events_analytics_insert on events`.execute(db);
        await sql`drop trigger sessions_analytics_insert on sessions`.execute(db);
        await sql`drop function reelback_analytics_event()`.execute(db);
        await sql`drop function reelback_analytics_session()`.execute(db);
      } else {
        for (const name of SQLITE_EVENT_TRIGGERS) await sql.raw(`drop trigger events_analytics_${name}`).execute(db);
        await sql`drop trigger sessions_analytics_insert`.execute(db);
      }
      await db.schema.dropTable('analytics_steps').execute();
      await db.schema.dropTable('analytics_sessions').execute();
    },
  };
}

const SESSION_COLUMNS =
  '(session_id, flow_id, flow_version, started_ms, embed_mode, device, referrer_host, utm_source, utm_medium, utm_campaign)';

/** The SQL pieces both the triggers and the backfill use, per engine. */
function expressions(dialect: Dialect) {
  const pg = dialect === 'postgres';
  /** Epoch milliseconds of a stored timestamp (`timestamptz` / ISO text with any offset). */
  const ms = (column: string) =>
    pg ? `round(extract(epoch from ${column}) * 1000)::bigint` : `cast(round(unixepoch(${column}, 'subsec') * 1000) as integer)`;
  /** A JSON member as text: `path` like `data.stepId`. */
  const text = (column: string, path: string) => {
    const parts = path.split('.');
    return pg ? `(${column}->${parts.slice(0, -1).map((p) => `'${p}'->`).join('')}>'${parts.at(-1)}')` : `json_extract(${column}, '$.${path}')`;
  };
  const integer = (column: string, path: string) => (pg ? `(${text(column, path)})::integer` : `cast(${text(column, path)} as integer)`);
  const answerValue = (column: string) =>
    `case when ${text(column, 'data.answer.kind')} in ('rating', 'nps') then ${integer(column, 'data.answer.value')} end`;
  const host = (column: string) => {
    const referrer = text(column, 'referrer');
    const find = (s: string, what: string) => (pg ? `strpos(${s}, '${what}')` : `instr(${s}, '${what}')`);
    const rest = `substr(${referrer}, ${find(referrer, '://')} + 3)`;
    const cut = ['/', '?', '#', ':'].map((ch) => find(`(${rest} || '${ch}')`, ch)).join(', ');
    return `case when ${find(referrer, '://')} > 0 then nullif(lower(substr(${rest}, 1, ${pg ? 'least' : 'min'}(${cut}) - 1)), '') end`;
  };
  const sessionValues = (s: string) => `${s}.id, ${s}.flow_id, ${s}.flow_version, ${ms(`${s}.started_at`)},
    ${text(`${s}.context`, 'embedMode')}, ${text(`${s}.context`, 'device')}, ${host(`${s}.context`)},
    ${text(`${s}.context`, 'utm.source')}, ${text(`${s}.context`, 'utm.medium')}, ${text(`${s}.context`, 'utm.campaign')}`;
  return { ms, text, integer, answerValue, sessionValues };
}

/**
 * Builds the facts of every stored session and event, as the triggers would have: for the migration, and for
 * tests that compare the two. Expects empty analytics tables.
 */
export async function backfillAnalytics<DB>(db: Kysely<DB>, dialect: Dialect): Promise<void> {
  const ex = expressions(dialect);
  const step = ex.text('e.event', 'data.stepId');
  await sql.raw(`insert into analytics_sessions ${SESSION_COLUMNS} select ${ex.sessionValues('s')} from sessions s`).execute(db);
  await sql
    .raw(`update analytics_sessions set
      started = case when exists (select 1 from events e where e.session_id = analytics_sessions.session_id
        and e.type = 'reelback.session.started') then 1 else 0 end,
      completed_ms = (select ${ex.ms('min(e.received_at)')} from events e where e.session_id = analytics_sessions.session_id
        and e.type = 'reelback.session.completed'),
      last_step = (select ${step} from events e where e.session_id = analytics_sessions.session_id
        and e.type = 'reelback.step.viewed' order by e.seq desc limit 1)`)
    .execute(db);
  // A step's first view, and what followed it in the session: the first answer there or view of another step.
  await sql
    .raw(`insert into analytics_steps (session_id, step_id, flow_id, flow_version, started_ms, viewed_ms, dwell_ms, responded, video,
        choice, answer_kind, answer_value)
      select x.session_id, x.step_id, x.flow_id, x.flow_version, x.started_ms, x.viewed_ms,
        case when x.left_ms is null then null when x.left_ms < x.viewed_ms then 0 else x.left_ms - x.viewed_ms end,
        x.responded, x.video, x.choice, x.answer_kind, x.answer_value
      from (
      select v.session_id, v.step_id, s.flow_id, s.flow_version, s.started_ms, ${ex.ms('f.time')} as viewed_ms,
        (select ${ex.ms('n.time')} from events n where n.session_id = v.session_id and n.seq > v.first_seq
          and ((n.type in (${RESPONSE_TYPES}) and ${ex.text('n.event', 'data.stepId')} = v.step_id)
            or (n.type = 'reelback.step.viewed' and ${ex.text('n.event', 'data.stepId')} <> v.step_id))
          order by n.seq limit 1) as left_ms,
        case when exists (select 1 from events r where r.session_id = v.session_id and r.type in (${RESPONSE_TYPES})
          and ${ex.text('r.event', 'data.stepId')} = v.step_id) then 1 else 0 end as responded,
        coalesce((select max(${ex.integer('p.event', 'data.percent')}) from events p where p.session_id = v.session_id
          and p.type = 'reelback.video.progressed' and ${ex.text('p.event', 'data.stepId')} = v.step_id), 0) as video,
        (select ${ex.text('c.event', 'data.optionId')} from events c where c.session_id = v.session_id
          and c.type = 'reelback.choice.selected' and ${ex.text('c.event', 'data.stepId')} = v.step_id order by c.seq desc limit 1) as choice,
        (select ${ex.text('a.event', 'data.answer.kind')} from events a where a.session_id = v.session_id
          and a.type = 'reelback.answer.submitted' and ${ex.text('a.event', 'data.stepId')} = v.step_id order by a.seq desc limit 1) as answer_kind,
        (select ${ex.answerValue('a.event')} from events a where a.session_id = v.session_id
          and a.type = 'reelback.answer.submitted' and ${ex.text('a.event', 'data.stepId')} = v.step_id order by a.seq desc limit 1) as answer_value
      from (select e.session_id, ${step} as step_id, min(e.seq) as first_seq from events e
            where e.type = 'reelback.step.viewed' group by e.session_id, ${step}) v
      join events f on f.seq = v.first_seq
      join analytics_sessions s on s.session_id = v.session_id
      ) x`)
    .execute(db);
}
