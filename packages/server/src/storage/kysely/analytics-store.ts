import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { AnalyticsFilter, AnalyticsStore, ResponseCount, SlotCounts, StepCounts, SummaryCounts, VariableValueCounts } from '../../ports/analytics-store.js';
import { ANALYTICS_DAY_MS } from './migrations/0011-analytics-days.js';
import type { Database, Dialect } from './schema.js';

/** PostgreSQL answers counts and sums as bigint strings. */
const num = (value: unknown): number => Number(value ?? 0);

/** Step rows of one step with the same response, counted (`reached` is their number). */
interface StepGroup extends StepCounts {
  choice: string | null;
  answerKind: string | null;
  answerValue: number | null;
}

/**
 * A range as the rollups can read it: whole UTC days `firstDay` ≤ day < `endDay`, and the partial days at its ends
 * as ranges of their own (`edges`) for the facts tables. Null when the rollups cannot answer (a referrer or utm
 * segment, a variable segment or a locale, which they do not keep, or no whole day in the range): the facts tables
 * answer the whole range.
 */
function splitByDay(f: AnalyticsFilter): { firstDay: number; endDay: number; edges: AnalyticsFilter[] } | null {
  if ([f.referrerHost, f.utmSource, f.utmMedium, f.utmCampaign, f.locale].some((v) => v !== undefined)) return null;
  if (f.vars !== undefined && Object.keys(f.vars).length > 0) return null;
  const firstDay = Math.ceil(f.fromMs / ANALYTICS_DAY_MS);
  const endDay = Math.floor(f.toMs / ANALYTICS_DAY_MS);
  if (firstDay >= endDay) return null;
  const edges: AnalyticsFilter[] = [];
  if (f.fromMs < firstDay * ANALYTICS_DAY_MS) edges.push({ ...f, toMs: firstDay * ANALYTICS_DAY_MS });
  if (endDay * ANALYTICS_DAY_MS < f.toMs) edges.push({ ...f, fromMs: endDay * ANALYTICS_DAY_MS });
  return { firstDay, endDay, edges };
}

/** Times on a step within one whole second of time on it. */
interface DwellCount {
  stepId: string;
  second: number;
  n: number;
}

const GROUP_COUNTS = ['reached', 'answered', 'video25', 'video50', 'video75', 'video100'] as const;

type GroupRow = Record<string, unknown> & { step_id: string; choice: string | null; answer_kind: string | null };

const toGroup = (r: GroupRow): StepGroup => ({
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
});

/**
 * Analytics over the facts tables of migration 0008, which triggers keep grouped by session (one row per session,
 * one per session and step viewed) as events arrive: so reloads and repeats count once by construction, and a
 * query reads one row per session (or per session and step), never the events; and over their rollups per UTC day
 * (migration 0011), which answer the whole days of a range (`splitByDay`). A flow's sessions in a range are an
 * index range on `analytics_sessions (flow_id, started_ms)`, a step's on `analytics_steps (flow_id, step_id,
 * started_ms)`; segments narrow them through the sessions' columns. The SQL is the same on both engines.
 */
export class KyselyAnalyticsStore implements AnalyticsStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * A session variable's value in `sessions.vars` of the session row aliased `v` (SQL null when it has none). Names
   * are `VariableName`s (letters, digits, "_"), so the SQLite JSON path needs no quoting; both go as parameters.
   */
  private varValue(name: string, alias = 'v'): RawBuilder<unknown> {
    const vars = sql.ref(`${alias}.vars`);
    return this.dialect === 'postgres' ? sql`(${vars} ->> ${name}::text)` : sql`json_extract(${vars}, ${`$.${name}`})`;
  }

  /**
   * Variable segments: the row's session (`sessions`, by its primary key) has each variable at the value. Read at
   * query time from the session's own json column, so ingest keeps nothing for them (issue #14 wants triggers off
   * the ingest path); docs/benchmarks.md measures what the lookup costs.
   */
  private varsClause(f: AnalyticsFilter, alias: 's' | 'st' | 'g'): RawBuilder<unknown> | null {
    const given = Object.entries(f.vars ?? {});
    if (given.length === 0) return null;
    const conditions = given.map(([name, value]) => sql`${this.varValue(name, 'sv')} = ${value}`);
    return sql`exists (select 1 from sessions sv where sv.id = ${sql.ref(`${alias}.session_id`)} and ${sql.join(conditions, sql` and `)})`;
  }

  /**
   * Rows (of `analytics_sessions` as `s` or `analytics_steps` as `st`) of the flow, version and segments, whose
   * session started before `to` and, unless `anyStart`, at or after `from`.
   */
  private where(f: AnalyticsFilter, alias: 's' | 'st', anyStart = false, fewRows = false): RawBuilder<unknown> {
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
      // Segments live on the session row; a step row reaches them through a semi-join: the set of the range's
      // sessions in the segment, or (`fewRows`, for a handful of step rows) each row's own session.
      where.push(
        alias === 's'
          ? on('s')
          : fewRows
            ? sql`exists (select 1 from analytics_sessions g where g.session_id = st.session_id and ${on('g')})`
            : sql`st.session_id in (select g.session_id from analytics_sessions g where g.flow_id = ${f.flowId}
              and g.started_ms >= ${f.fromMs} and g.started_ms < ${f.toMs} and ${on('g')})`,
      );
    }
    // Step rows (several per session) reach the variables through the set of the range's sessions that have them,
    // so each session's `vars` is read once rather than once per step row (bench/analytics/segments.ts).
    const vars = alias === 'st' && !fewRows ? this.varsClause(f, 'g') : this.varsClause(f, alias);
    if (vars !== null) {
      where.push(
        alias === 'st' && !fewRows
          ? sql`st.session_id in (select g.session_id from analytics_sessions g where g.flow_id = ${f.flowId}
              and g.started_ms >= ${f.fromMs} and g.started_ms < ${f.toMs} and ${vars})`
          : vars,
      );
    }
    // The language lives on the session row itself (migration 0023), not on the facts: a semi-join on its index.
    if (f.locale !== undefined) {
      where.push(sql`${col('session_id')} in (select l.id from sessions l where l.flow_id = ${f.flowId}
        and (l.locale = ${f.locale} or l.locale like ${`${f.locale}-%`}))`);
    }
    return sql.join(where, sql` and `);
  }

  async variableValues(f: AnalyticsFilter, name: string, limit: number): Promise<VariableValueCounts> {
    if (!Number.isInteger(limit) || limit <= 0) throw new Error(`limit must be a positive whole number, got ${limit}`);
    // Grouped in an outer query: PostgreSQL cannot match a grouped expression to the selected one when the
    // variable's name goes in as two different parameters.
    const rows = sql`select ${this.varValue(name)} as value, s.started, s.completed_ms
      from analytics_sessions s join sessions v on v.id = s.session_id where ${this.where(f, 's')}`;
    // Ties go by value in code point order on both engines (PostgreSQL's default collation follows the locale).
    const ordered = this.dialect === 'postgres' ? sql`x.value collate "C"` : sql`x.value`;
    const [top, totals] = await Promise.all([
      sql<{ value: string | null; n: unknown; started: unknown; completed: unknown }>`
        select x.value, count(*) as n, coalesce(sum(x.started), 0) as started, count(x.completed_ms) as completed
        from (${rows}) x
        group by x.value
        order by count(*) desc, case when x.value is null then 1 else 0 end, ${ordered}
        limit ${sql.lit(limit)}`.execute(this.db),
      sql<{ n: unknown; started: unknown; completed: unknown; distinct_values: unknown }>`
        select count(*) as n, coalesce(sum(x.started), 0) as started, count(x.completed_ms) as completed,
          count(distinct x.value) as distinct_values
        from (${rows}) x`.execute(this.db),
    ]);
    const t = totals.rows[0];
    return {
      top: top.rows.map((r) => ({ value: r.value, sessions: num(r.n), starts: num(r.started), completions: num(r.completed) })),
      total: { sessions: num(t?.n), starts: num(t?.started), completions: num(t?.completed) },
      distinctValues: num(t?.distinct_values),
    };
  }

  /** Sessions counted (and dropped per step) over the range: its whole days from the rollup, the rest from the facts. */
  async summary(f: AnalyticsFilter): Promise<SummaryCounts> {
    const split = splitByDay(f);
    const parts = split === null ? [this.readSummaryRows(f)] : [this.readSummaryDays(f, split.firstDay, split.endDay), ...split.edges.map((e) => this.readSummaryRows(e))];
    const total: SummaryCounts = { impressions: 0, starts: 0, completions: 0, dropped: new Map() };
    for (const part of await Promise.all(parts)) {
      total.impressions += part.impressions;
      total.starts += part.starts;
      total.completions += part.completions;
      for (const [stepId, n] of part.dropped) total.dropped.set(stepId, (total.dropped.get(stepId) ?? 0) + n);
    }
    return total;
  }

  private async readSummaryRows(f: AnalyticsFilter): Promise<SummaryCounts> {
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

  private async readSummaryDays(f: AnalyticsFilter, firstDay: number, endDay: number): Promise<SummaryCounts> {
    const { rows } = await sql<{ started: unknown; completed: unknown; last_step: string; n: unknown }>`
      select d.started, d.completed, d.last_step, sum(d.sessions) as n from analytics_session_days d
      where ${this.whereDays(f, firstDay, endDay)}
      group by d.started, d.completed, d.last_step`.execute(this.db);
    const counts: SummaryCounts = { impressions: 0, starts: 0, completions: 0, dropped: new Map() };
    for (const row of rows) {
      const n = num(row.n);
      counts.impressions += n;
      if (num(row.started) === 1) counts.starts += n;
      if (num(row.completed) === 1) counts.completions += n;
      // The rollup keys "no step viewed" as ''.
      else if (row.last_step !== '' && n !== 0) counts.dropped.set(row.last_step, (counts.dropped.get(row.last_step) ?? 0) + n);
    }
    return counts;
  }

  /** Rollup rows (`d`) of the flow's whole UTC days `firstDay` ≤ day < `endDay`, version, device and embed mode. */
  private whereDays(f: AnalyticsFilter, firstDay: number, endDay: number): RawBuilder<unknown> {
    const where = [sql`d.flow_id = ${f.flowId}`, sql`d.day >= ${firstDay}`, sql`d.day < ${endDay}`];
    if (f.version !== undefined) where.push(sql`d.flow_version = ${f.version}`);
    if (f.device !== undefined) where.push(sql`d.device = ${f.device}`);
    if (f.embedMode !== undefined) where.push(sql`d.embed_mode = ${f.embedMode}`);
    return sql.join(where, sql` and `);
  }

  /**
   * One read of the flow's step rows grouped by step and response, shared by `steps` and `responses`: the service
   * asks for both at once with the same filter, and each of them alone would read the same rows again. Callers that arrive while the read is running share it; once it has
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

  /** Step rows grouped by step and response over the range: its whole days from the rollup, the rest from the facts. */
  private async readStepGroups(f: AnalyticsFilter): Promise<StepGroup[]> {
    const split = splitByDay(f);
    if (split === null) return this.readStepRows(f);
    const parts = [this.readStepDays(f, split.firstDay, split.endDay), ...split.edges.map((e) => this.readStepRows(e))];
    const merged = new Map<string, StepGroup>();
    for (const group of (await Promise.all(parts)).flat()) {
      const key = JSON.stringify([group.stepId, group.choice, group.answerKind, group.answerValue]);
      const into = merged.get(key);
      if (into === undefined) merged.set(key, { ...group });
      else for (const count of GROUP_COUNTS) into[count] += group[count];
    }
    return [...merged.values()];
  }

  private async readStepDays(f: AnalyticsFilter, firstDay: number, endDay: number): Promise<StepGroup[]> {
    const { rows } = await sql<GroupRow>`
      select d.step_id, d.choice, d.answer_kind, d.answer_value, sum(d.reached) as reached, sum(d.answered) as answered,
        sum(d.video25) as v25, sum(d.video50) as v50, sum(d.video75) as v75, sum(d.video100) as v100
      from analytics_step_days d where ${this.whereDays(f, firstDay, endDay)}
      group by d.step_id, d.choice, d.answer_kind, d.answer_value`.execute(this.db);
    // The rollup keys an absent response as '' / -1 (see the migration).
    return rows
      .map((r) => toGroup({ ...r, choice: r.choice === '' ? null : r.choice, answer_kind: r.answer_kind === '' ? null : r.answer_kind, answer_value: num(r.answer_value) === -1 ? null : r.answer_value }))
      .filter((g) => g.reached > 0);
  }

  /**
   * The flow's step ids in the range's days, for reading step rows: they are stored by (flow, step, start), so the
   * ids (from the rollup, which has a row for every step row's day and key) turn the flow's rows into one start
   * range per step rather than a sweep over all of them, which a partial day at the end of a long range would cost.
   */
  private stepsOfRange(f: AnalyticsFilter): RawBuilder<unknown> {
    return sql`st.step_id in (select distinct d.step_id from analytics_step_days d where d.flow_id = ${f.flowId}
      and d.day >= ${Math.floor(f.fromMs / ANALYTICS_DAY_MS)} and d.day <= ${Math.floor((f.toMs - 1) / ANALYTICS_DAY_MS)})`;
  }

  /** Step rows of the range grouped by step and response. */
  private async readStepRows(f: AnalyticsFilter): Promise<StepGroup[]> {
    const { rows } = await sql<GroupRow>`
      select st.step_id, st.choice, st.answer_kind, st.answer_value, count(*) as reached, sum(st.responded) as answered,
        sum(case when st.video >= 25 then 1 else 0 end) as v25,
        sum(case when st.video >= 50 then 1 else 0 end) as v50,
        sum(case when st.video >= 75 then 1 else 0 end) as v75,
        sum(case when st.video >= 100 then 1 else 0 end) as v100
      from analytics_steps st
      where ${this.where(f, 'st')} and ${this.stepsOfRange(f)}
      group by st.step_id, st.choice, st.answer_kind, st.answer_value`.execute(this.db);
    return rows.map(toGroup);
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
   * the middle value (mean of the two middle ones). Each step's times are counted per whole second (the
   * `analytics_dwell_days` rollup for the range's whole days, the step rows for the rest), which says in which
   * second the middle lies and how many times come before it there; then the step rows of that second are walked in
   * order on the `analytics_steps_dwell_idx` index to it. Without a usable rollup (a referrer or utm segment, or no
   * whole day in the range) the step rows alone are counted per second. The steps' lookups are independent, so a
   * pool (PostgreSQL) runs them side by side.
   */
  async medianTimeOnStep(f: AnalyticsFilter): Promise<Map<string, number>> {
    const split = splitByDay(f);
    const medians = new Map<string, number>();
    const parts = split === null ? [this.readDwellRows(f)] : [this.readDwellDays(f, split.firstDay, split.endDay), ...split.edges.map((e) => this.readDwellRows(e))];
    const seconds = new Map<string, Map<number, number>>();
    for (const row of (await Promise.all(parts)).flat()) {
      const step = seconds.get(row.stepId) ?? new Map<number, number>();
      step.set(row.second, (step.get(row.second) ?? 0) + row.n);
      seconds.set(row.stepId, step);
    }
    await Promise.all(
      [...seconds].map(async ([stepId, counts]) => {
        const histogram = [...counts].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
        const n = histogram.reduce((sum, [, count]) => sum + count, 0);
        if (n === 0) return;
        const middle = n % 2 === 1 ? [(n - 1) / 2] : [n / 2 - 1, n / 2];
        const values = await Promise.all(middle.map((position) => this.dwellAt(f, stepId, histogram, position)));
        // The rows changed between the count and the walk (a concurrent write): walk from the first instead.
        medians.set(stepId, values.includes(null) ? await this.walkToMiddle(f, stepId, n) : values.reduce<number>((sum, v) => sum + v!, 0) / values.length);
      }),
    );
    return medians;
  }

  /** The time on step at `position` (from 0) in time order, from the step's count of times per second. */
  private async dwellAt(f: AnalyticsFilter, stepId: string, histogram: [number, number][], position: number): Promise<number | null> {
    let before = 0;
    for (const [second, n] of histogram) {
      if (position < before + n) {
        const { rows } = await sql<{ dwell_ms: unknown }>`
          select st.dwell_ms from analytics_steps st
          where ${this.where(f, 'st', false, true)} and st.step_id = ${stepId}
            and st.dwell_ms >= ${second * 1000} and st.dwell_ms < ${(second + 1) * 1000}
          order by st.dwell_ms limit 1 offset ${sql.lit(position - before)}`.execute(this.db);
        return rows.length === 0 ? null : num(rows[0]!.dwell_ms);
      }
      before += n;
    }
    return null;
  }

  /** The median of a step's `n` times, walked to from the shortest. */
  private async walkToMiddle(f: AnalyticsFilter, stepId: string, n: number): Promise<number> {
    const { rows } = await sql<{ dwell_ms: unknown }>`
      select st.dwell_ms from analytics_steps st
      where ${this.where(f, 'st')} and st.step_id = ${stepId} and st.dwell_ms is not null
      order by st.dwell_ms limit ${sql.lit(n % 2 === 1 ? 1 : 2)} offset ${sql.lit(Math.floor((n - 1) / 2))}`.execute(this.db);
    return rows.reduce((sum, r) => sum + num(r.dwell_ms), 0) / rows.length;
  }

  private async readDwellDays(f: AnalyticsFilter, firstDay: number, endDay: number): Promise<DwellCount[]> {
    const { rows } = await sql<{ step_id: string; second: unknown; n: unknown }>`
      select d.step_id, d.dwell_s as second, sum(d.timed) as n from analytics_dwell_days d
      where ${this.whereDays(f, firstDay, endDay)}
      group by d.step_id, d.dwell_s`.execute(this.db);
    return rows.map((r) => ({ stepId: r.step_id, second: num(r.second), n: num(r.n) }));
  }

  private async readDwellRows(f: AnalyticsFilter): Promise<DwellCount[]> {
    const { rows } = await sql<{ step_id: string; second: unknown; n: unknown }>`
      select st.step_id, st.dwell_ms / 1000 as second, count(*) as n from analytics_steps st
      where ${this.where(f, 'st')} and ${this.stepsOfRange(f)} and st.dwell_ms is not null
      group by st.step_id, st.dwell_ms / 1000`.execute(this.db);
    return rows.map((r) => ({ stepId: r.step_id, second: num(r.second), n: num(r.n) }));
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
