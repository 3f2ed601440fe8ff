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

/** Step rows of one step with the same response, counted (`reached` is their number). */
interface StepGroup extends StepCounts {
  choice: string | null;
  answerKind: string | null;
  answerValue: number | null;
  /** Rows with a time on step. */
  timed: number;
}

/**
 * Analytics over the facts tables of migration 0008, which triggers keep grouped by session (one row per session,
 * one per session and step viewed) as events arrive: so reloads and repeats count once by construction, and a
 * query reads one row per session (or per session and step), never the events. A flow's sessions in a range are an
 * index range on `analytics_sessions (flow_id, started_ms)`, a step's on `analytics_steps (flow_id, step_id,
 * started_ms)`; segments narrow them through the sessions' columns. The SQL is the same on both engines.
 */
export class KyselyAnalyticsStore implements AnalyticsStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Rows (of `analytics_sessions` as `s` or `analytics_steps` as `st`) of the flow, version and segments, whose
   * session started before `to` and, unless `anyStart`, at or after `from`.
   */
  private where(f: AnalyticsFilter, alias: 's' | 'st', anyStart = false): RawBuilder<unknown> {
    const col = (name: string) => sql.ref(`${alias}.${name}`);
    const where = [sql`${col('flow_id')} = ${f.flowId}`];
    if (f.version !== undefined) where.push(sql`${col('flow_version')} = ${f.version}`);
    if (!anyStart) where.push(sql`${col('started_ms')} >= ${f.fromMs}`);
    where.push(sql`${col('started_ms')} < ${f.toMs}`);
    const segments: [string, string | undefined][] = [
      ['device', f.device],
      ['referrer_host', f.referrerHost],
      ['utm_source', f.utmSource],
      ['utm_medium', f.utmMedium],
      ['utm_campaign', f.utmCampaign],
      ['embed_mode', f.embedMode],
    ];
    const given = segments.filter((s): s is [string, string] => s[1] !== undefined);
    if (given.length > 0) {
      const on = (table: string) => sql.join(given.map(([column, value]) => sql`${sql.ref(`${table}.${column}`)} = ${value}`), sql` and `);
      // Segments live on the session row; a step row reaches them through a semi-join.
      where.push(
        alias === 's'
          ? on('s')
          : sql`st.session_id in (select g.session_id from analytics_sessions g where g.flow_id = ${f.flowId} and ${on('g')})`,
      );
    }
    return sql.join(where, sql` and `);
  }

  async summary(f: AnalyticsFilter): Promise<SummaryCounts> {
    const { rows } = await sql<{ step_id: string | null; n1: unknown; n2: unknown; n3: unknown }>`
      select null as step_id, count(*) as n1, coalesce(sum(s.started), 0) as n2, count(s.completed_ms) as n3
        from analytics_sessions s where ${this.where(f, 's')}
      union all
      select s.last_step, count(*), 0, 0 from analytics_sessions s
        where ${this.where(f, 's')} and s.completed_ms is null and s.last_step is not null
        group by s.last_step`.execute(this.db);
    const dropped = new Map<string, number>();
    let totals = { impressions: 0, starts: 0, completions: 0 };
    for (const row of rows) {
      if (row.step_id === null) totals = { impressions: num(row.n1), starts: num(row.n2), completions: num(row.n3) };
      else dropped.set(row.step_id, num(row.n1));
    }
    return { ...totals, dropped };
  }

  /**
   * One read of the flow's step rows grouped by step and response, shared by `steps`, `responses` and the
   * medians' counts: the service asks for all three at once with the same filter, and each of them alone read the
   * whole range of `analytics_steps` again. Callers that arrive while the read is running share it; once it has
   * settled the next caller reads afresh, so nothing is cached beyond one request.
   */
  private stepGroups(f: AnalyticsFilter): Promise<StepGroup[]> {
    let pending = this.pendingStepGroups.get(f);
    if (pending === undefined) {
      pending = this.readStepGroups(f);
      this.pendingStepGroups.set(f, pending);
      const forget = () => {
        if (this.pendingStepGroups.get(f) === pending) this.pendingStepGroups.delete(f);
      };
      pending.then(forget, forget);
    }
    return pending;
  }

  private readonly pendingStepGroups = new WeakMap<AnalyticsFilter, Promise<StepGroup[]>>();

  private async readStepGroups(f: AnalyticsFilter): Promise<StepGroup[]> {
    const { rows } = await sql<Record<string, unknown> & { step_id: string; choice: string | null; answer_kind: string | null }>`
      select st.step_id, st.choice, st.answer_kind, st.answer_value, count(*) as reached, sum(st.responded) as answered,
        sum(case when st.video >= 25 then 1 else 0 end) as v25,
        sum(case when st.video >= 50 then 1 else 0 end) as v50,
        sum(case when st.video >= 75 then 1 else 0 end) as v75,
        sum(case when st.video >= 100 then 1 else 0 end) as v100,
        count(st.dwell_ms) as timed
      from analytics_steps st where ${this.where(f, 'st')}
      group by st.step_id, st.choice, st.answer_kind, st.answer_value`.execute(this.db);
    return rows.map((r) => ({
      stepId: r.step_id,
      choice: r.choice,
      answerKind: r.answer_kind,
      answerValue: r.answer_value === null || r.answer_value === undefined ? null : num(r.answer_value),
      reached: num(r.reached),
      answered: num(r.answered),
      video25: num(r.v25),
      video50: num(r.v50),
      video75: num(r.v75),
      video100: num(r.v100),
      timed: num(r.timed),
    }));
  }

  async steps(f: AnalyticsFilter): Promise<StepCounts[]> {
    const byStep = new Map<string, StepCounts>();
    for (const g of await this.stepGroups(f)) {
      const counts = byStep.get(g.stepId) ?? { stepId: g.stepId, reached: 0, answered: 0, video25: 0, video50: 0, video75: 0, video100: 0 };
      counts.reached += g.reached;
      counts.answered += g.answered;
      counts.video25 += g.video25;
      counts.video50 += g.video50;
      counts.video75 += g.video75;
      counts.video100 += g.video100;
      byStep.set(g.stepId, counts);
    }
    return [...byStep.values()];
  }

  /**
   * Time on step per session (`dwell_ms`: from its first view to leaving it, by the viewer's clock). The median is
   * the middle value (mean of the two middle ones): each step's times are counted (in the shared read of the step
   * rows), then walked in order on the `analytics_steps_dwell_idx` index to the middle, which reads half of them
   * instead of sorting them all. The steps' walks are independent, so a pool (PostgreSQL) runs them side by side.
   */
  async medianTimeOnStep(f: AnalyticsFilter): Promise<Map<string, number>> {
    const timed = new Map<string, number>();
    for (const g of await this.stepGroups(f)) timed.set(g.stepId, (timed.get(g.stepId) ?? 0) + g.timed);
    const medians = new Map<string, number>();
    await Promise.all(
      [...timed].map(async ([stepId, n]) => {
        if (n === 0) return;
        const { rows } = await sql<{ dwell_ms: unknown }>`
          select st.dwell_ms from analytics_steps st
          where ${this.where(f, 'st')} and st.step_id = ${stepId} and st.dwell_ms is not null
          order by st.dwell_ms limit ${sql.lit(n % 2 === 1 ? 1 : 2)} offset ${sql.lit(Math.floor((n - 1) / 2))}`.execute(this.db);
        medians.set(stepId, rows.reduce((sum, r) => sum + num(r.dwell_ms), 0) / rows.length);
      }),
    );
    return medians;
  }

  async responses(f: AnalyticsFilter): Promise<ResponseCount[]> {
    const out: ResponseCount[] = [];
    for (const g of await this.stepGroups(f)) {
      if (g.choice !== null) out.push({ stepId: g.stepId, kind: 'choice', detail: g.choice, value: null, count: g.reached });
      if (g.answerKind !== null) out.push({ stepId: g.stepId, kind: 'answer', detail: g.answerKind, value: g.answerValue, count: g.reached });
    }
    return out;
  }

  async slots(f: AnalyticsFilter, slotMs: number): Promise<SlotCounts[]> {
    if (!Number.isInteger(slotMs) || slotMs <= 0) throw new Error(`slot length must be a positive whole number of ms, got ${slotMs}`);
    const size = sql.lit(slotMs);
    const { rows } = await sql<{ what: string; slot: unknown; n: unknown }>`
      select 's' as what, s.started_ms / ${size} as slot, count(*) as n
      from analytics_sessions s where ${this.where(f, 's')} and s.started = 1
      group by s.started_ms / ${size}
      union all
      select 'c', s.completed_ms / ${size}, count(*)
      from analytics_sessions s
      where ${this.where(f, 's', true)} and s.completed_ms >= ${f.fromMs} and s.completed_ms < ${f.toMs}
      group by s.completed_ms / ${size}`.execute(this.db);
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
