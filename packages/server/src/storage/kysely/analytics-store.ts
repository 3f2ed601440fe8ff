import { type Kysely, type RawBuilder, sql } from 'kysely';
import type {
  AnalyticsFilter,
  AnalyticsStore,
  ResponseCount,
  SlotCounts,
  StepCounts,
  SummaryCounts,
} from '../../analytics/analytics-store.js';
import type { Database } from './schema.js';

/** PostgreSQL answers counts and sums as bigint strings. */
const num = (value: unknown): number => Number(value ?? 0);

const STEP_KINDS = sql.raw(`'step.viewed', 'video.progressed', 'choice.selected', 'answer.submitted', 'cta.clicked'`);
const RESPONSE_KINDS = sql.raw(`'choice.selected', 'answer.submitted', 'cta.clicked'`);

/**
 * Analytics over the facts tables of migration 0008 (plain columns kept in step with sessions and events by
 * triggers). Every query first narrows to the flow's sessions in the range and segments (an index range on
 * `analytics_sessions (flow_id, started_ms)`), then reads those sessions' facts (clustered by session), groups them
 * by session (so reloads and repeats count once), and only then counts. The SQL is the same on both engines.
 */
export class KyselyAnalyticsStore implements AnalyticsStore {
  constructor(private readonly db: Kysely<Database>) {}

  private sessionsWhere(f: AnalyticsFilter, alias = 's'): RawBuilder<unknown> {
    const col = (name: string) => sql.ref(`${alias}.${name}`);
    const where = [sql`${col('flow_id')} = ${f.flowId}`];
    if (f.version !== undefined) where.push(sql`${col('flow_version')} = ${f.version}`);
    const segments: [string, string | undefined][] = [
      ['device', f.device],
      ['referrer_host', f.referrerHost],
      ['utm_source', f.utmSource],
      ['utm_medium', f.utmMedium],
      ['utm_campaign', f.utmCampaign],
      ['embed_mode', f.embedMode],
    ];
    for (const [column, value] of segments) if (value !== undefined) where.push(sql`${col(column)} = ${value}`);
    return sql.join(where, sql` and `);
  }

  private cohort(f: AnalyticsFilter): RawBuilder<unknown> {
    return sql`select s.session_id from analytics_sessions s
      where ${this.sessionsWhere(f)} and s.started_ms >= ${f.fromMs} and s.started_ms < ${f.toMs}`;
  }

  async summary(f: AnalyticsFilter): Promise<SummaryCounts> {
    const { rows } = await sql<{ step_id: string | null; n1: unknown; n2: unknown; n3: unknown }>`
      with c as (${this.cohort(f)}),
      ps as (
        select e.session_id,
          max(case when e.kind = 'session.started' then 1 else 0 end) as started,
          max(case when e.kind = 'session.completed' then 1 else 0 end) as completed,
          max(case when e.kind = 'step.viewed' then e.seq end) as last_view
        from c join analytics_events e on e.session_id = c.session_id
        group by e.session_id
      )
      select null as step_id, (select count(*) from c) as n1, coalesce(sum(started), 0) as n2, coalesce(sum(completed), 0) as n3 from ps
      union all
      select e.step_id, count(*), 0, 0
        from ps join analytics_events e on e.session_id = ps.session_id and e.seq = ps.last_view
        where ps.completed = 0
        group by e.step_id`.execute(this.db);
    const dropped = new Map<string, number>();
    let totals = { impressions: 0, starts: 0, completions: 0 };
    for (const row of rows) {
      if (row.step_id === null) totals = { impressions: num(row.n1), starts: num(row.n2), completions: num(row.n3) };
      else dropped.set(row.step_id, num(row.n1));
    }
    return { ...totals, dropped };
  }

  async steps(f: AnalyticsFilter): Promise<StepCounts[]> {
    const { rows } = await sql<Record<string, unknown> & { step_id: string }>`
      with c as (${this.cohort(f)})
      select step_id, count(*) as reached, sum(answered) as answered,
        sum(v25) as v25, sum(v50) as v50, sum(v75) as v75, sum(v100) as v100
      from (
        select e.session_id, e.step_id,
          max(case when e.kind = 'step.viewed' then 1 else 0 end) as viewed,
          max(case when e.kind in (${RESPONSE_KINDS}) then 1 else 0 end) as answered,
          max(case when e.kind = 'video.progressed' and e.value >= 25 then 1 else 0 end) as v25,
          max(case when e.kind = 'video.progressed' and e.value >= 50 then 1 else 0 end) as v50,
          max(case when e.kind = 'video.progressed' and e.value >= 75 then 1 else 0 end) as v75,
          max(case when e.kind = 'video.progressed' and e.value >= 100 then 1 else 0 end) as v100
        from c join analytics_events e on e.session_id = c.session_id
        where e.kind in (${STEP_KINDS})
        group by e.session_id, e.step_id
      ) per_session
      where viewed = 1
      group by step_id`.execute(this.db);
    return rows.map((r) => ({
      stepId: r.step_id,
      reached: num(r.reached),
      answered: num(r.answered),
      video25: num(r.v25),
      video50: num(r.v50),
      video75: num(r.v75),
      video100: num(r.v100),
    }));
  }

  /**
   * A visit starts at a `step.viewed` whose previous step event (in accept order) was on another step: a reload's
   * repeated view, or one after answering, stays in the visit. The next step event after the visit's start (the
   * answer there, or the view of another step: the server accepts nothing else in between) ends it. Each session's
   * first visit of a step counts; the median is the middle value (mean of the two middle ones), found with window
   * functions, which both engines have.
   */
  async medianTimeOnStep(f: AnalyticsFilter): Promise<Map<string, number>> {
    const { rows } = await sql<{ step_id: string; median_ms: unknown }>`
      with c as (${this.cohort(f)}),
      r as (
        select e.session_id, e.seq, e.kind, e.step_id, e.time_ms,
          lag(e.step_id) over (partition by e.session_id order by e.seq) as prev_step
        from c join analytics_events e on e.session_id = c.session_id
        where e.kind in ('step.viewed', ${RESPONSE_KINDS})
      ),
      v as (
        select session_id, seq, kind, step_id, time_ms,
          lead(time_ms) over (partition by session_id order by seq) as next_ms
        from r
        where kind <> 'step.viewed' or prev_step is null or prev_step <> step_id
      ),
      d as (
        select step_id, case when next_ms < time_ms then 0 else next_ms - time_ms end as ms,
          row_number() over (partition by session_id, step_id order by seq) as visit
        from v
        where kind = 'step.viewed' and next_ms is not null
      ),
      ranked as (
        select step_id, ms,
          row_number() over (partition by step_id order by ms) as rn,
          count(*) over (partition by step_id) as n
        from d
        where visit = 1
      )
      select step_id, avg(ms) as median_ms from ranked
      where rn = (n + 1) / 2 or rn = (n + 2) / 2
      group by step_id`.execute(this.db);
    return new Map(rows.map((r) => [r.step_id, num(r.median_ms)]));
  }

  async responses(f: AnalyticsFilter): Promise<ResponseCount[]> {
    const { rows } = await sql<{ step_id: string; kind: string; detail: string; value: unknown; n: unknown }>`
      with c as (${this.cohort(f)}),
      last as (
        select e.session_id, e.step_id, e.kind, max(e.seq) as seq
        from c join analytics_events e on e.session_id = c.session_id
        where e.kind in ('choice.selected', 'answer.submitted')
        group by e.session_id, e.step_id, e.kind
      )
      select e.step_id, e.kind, e.detail, e.value, count(*) as n
      from last join analytics_events e on e.session_id = last.session_id and e.seq = last.seq
      group by e.step_id, e.kind, e.detail, e.value`.execute(this.db);
    return rows.map((r) => ({
      stepId: r.step_id,
      kind: r.kind === 'choice.selected' ? 'choice' : 'answer',
      detail: r.detail,
      value: r.value === null ? null : num(r.value),
      count: num(r.n),
    }));
  }

  async slots(f: AnalyticsFilter, slotMs: number): Promise<SlotCounts[]> {
    if (!Number.isInteger(slotMs) || slotMs <= 0) throw new Error(`slot length must be a positive whole number of ms, got ${slotMs}`);
    const size = sql.lit(slotMs);
    const { rows } = await sql<{ what: string; slot: unknown; n: unknown }>`
      select 's' as what, s.started_ms / ${size} as slot, count(*) as n
      from analytics_sessions s
      where ${this.sessionsWhere(f)} and s.started_ms >= ${f.fromMs} and s.started_ms < ${f.toMs}
        and exists (select 1 from analytics_events e where e.session_id = s.session_id and e.kind = 'session.started')
      group by s.started_ms / ${size}
      union all
      select 'c', e.received_ms / ${size}, count(distinct e.session_id)
      from analytics_sessions s join analytics_events e on e.session_id = s.session_id and e.kind = 'session.completed'
      where ${this.sessionsWhere(f)} and s.started_ms < ${f.toMs} and e.received_ms >= ${f.fromMs} and e.received_ms < ${f.toMs}
      group by e.received_ms / ${size}`.execute(this.db);
    const bySlot = new Map<number, SlotCounts>();
    for (const row of rows) {
      const startMs = num(row.slot) * slotMs;
      const counts = bySlot.get(startMs) ?? { startMs, starts: 0, completions: 0 };
      if (row.what === 's') counts.starts += num(row.n);
      else counts.completions += num(row.n);
      bySlot.set(startMs, counts);
    }
    return [...bySlot.values()].sort((a, b) => a.startMs - b.startMs);
  }
}
