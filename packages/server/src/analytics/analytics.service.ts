import {
  type AnalyticsQuery,
  AnswerKind,
  type AnalyticsTimeseries,
  type AnalyticsTimeseriesQuery,
  type ChoiceAnalytics,
  type FlowAnalytics,
  type FlowDefinition,
  type NpsAnalytics,
  type RatingAnalytics,
  type Step,
  type StepAnalytics,
  type VariableSplit,
  type VariableSplitQuery,
  rangeEndMs,
  varSegments,
} from '@reelback/shared';
import { notFound, ServiceError } from '../errors/service-error.js';
import type { FlowVersionCache } from '../flows/flow-versions.js';
import type { Clock } from '../ports/clock.js';
import type { AccountStore } from '../ports/account-store.js';
import type { FlowStore } from '../ports/flow-store.js';
import type { Scope } from '../ports/store-types.js';
import type { AnalyticsFilter, AnalyticsStore, ResponseCount } from '../ports/analytics-store.js';
import { bucketAt, TIME, timeBuckets, ZoneClock } from './time-zone.js';

/**
 * Timeseries slots, the longest first: a quarter hour divides every offset in use, so its slots gather exactly
 * into local hours and days of any zone; longer slots do when every bucket boundary of the range falls on one
 * (days of a UTC workspace, hours and days of zones with whole-hour offsets), and mean fewer rows to read and add.
 */
const SLOT_LENGTHS = [TIME.DAY, 6 * TIME.HOUR, TIME.HOUR, 30 * TIME.MINUTE, 15 * TIME.MINUTE];
const DEFAULT_DAYS = 30;
const DEFAULT_SPLIT_VALUES = 10;
const MAX_BUCKETS = 2200;

interface Resolved {
  filter: AnalyticsFilter;
  zone: ZoneClock;
  /** The versions whose definitions describe steps, the chosen (or newest) first. */
  definitions: FlowDefinition[];
  /** Every variable the flow declares: in any published version or its draft. */
  declared: Set<string>;
  scope: Omit<FlowAnalytics, 'summary' | 'steps' | 'choices' | 'ratings' | 'nps' | 'answersByKind'>;
}

/**
 * A flow's metrics from its stored viewer events (see the AnalyticsStore for what is counted how), with titles and
 * labels from its published versions, ranges and buckets in the workspace's time zone.
 */
export class AnalyticsService {
  constructor(
    private readonly store: AnalyticsStore,
    private readonly flows: FlowStore,
    private readonly versions: FlowVersionCache,
    private readonly accounts: Pick<AccountStore, 'getWorkspace'>,
    private readonly clock: Clock,
    /**
     * The fold of the analytics facts and rollups (events/projection-folder.ts): caught up before each read, so the
     * figures count every event committed before the request, whether or not a fold ran since.
     */
    private readonly folder: { catchUp(): Promise<unknown> },
  ) {}

  async flow(scope: Scope, flowId: string, query: AnalyticsQuery): Promise<FlowAnalytics> {
    const r = await this.resolve(scope, flowId, query);
    const [summary, steps, medians, responses] = await Promise.all([
      this.store.summary(r.filter),
      this.store.steps(r.filter),
      this.store.medianTimeOnStep(r.filter),
      this.store.responses(r.filter),
    ]);
    const byStep = new Map(steps.map((s) => [s.stepId, s]));
    const stepIds = orderedSteps(r.definitions, [...byStep.keys(), ...summary.dropped.keys()]);
    const stepRows: StepAnalytics[] = stepIds.map((stepId) => {
      const counts = byStep.get(stepId);
      const { title, type } = describe(r.definitions, stepId);
      return {
        stepId,
        title,
        type,
        reached: counts?.reached ?? 0,
        answered: counts?.answered ?? 0,
        dropped: summary.dropped.get(stepId) ?? 0,
        medianTimeOnStepMs: medians.get(stepId) ?? null,
        video: { p25: counts?.video25 ?? 0, p50: counts?.video50 ?? 0, p75: counts?.video75 ?? 0, p100: counts?.video100 ?? 0 },
      };
    });
    const answersByKind = Object.fromEntries(AnswerKind.options.map((k) => [k, 0])) as FlowAnalytics['answersByKind'];
    for (const row of responses) {
      if (row.kind === 'answer' && row.detail in answersByKind) answersByKind[row.detail as keyof typeof answersByKind] += row.count;
    }
    return {
      ...r.scope,
      summary: {
        impressions: summary.impressions,
        starts: summary.starts,
        completions: summary.completions,
        completionRate: summary.starts > 0 ? summary.completions / summary.starts : null,
      },
      steps: stepRows,
      choices: choices(r.definitions, responses),
      ratings: ratings(r.definitions, responses),
      nps: nps(r.definitions, responses),
      answersByKind,
    };
  }

  async timeseries(scope: Scope, flowId: string, query: AnalyticsTimeseriesQuery): Promise<AnalyticsTimeseries> {
    const r = await this.resolve(scope, flowId, query);
    const size = query.interval === 'hour' ? TIME.HOUR : TIME.DAY;
    if ((r.filter.toMs - r.filter.fromMs) / size > MAX_BUCKETS) {
      throw new ServiceError('invalid', 'range-too-long', `a ${query.interval} series covers at most ${MAX_BUCKETS} ${query.interval}s`, [
        { path: ['from'], message: `too far before "to" for interval=${query.interval}` },
      ]);
    }
    const buckets = timeBuckets(r.zone, r.filter.fromMs, r.filter.toMs, query.interval).map((b) => ({ ...b, starts: 0, completions: 0 }));
    // The first bucket may start at `from` itself (cut below): only the boundaries between buckets must be on slots.
    const slotMs = SLOT_LENGTHS.find((length) => buckets.slice(1).every((b) => b.start % length === 0)) ?? 15 * TIME.MINUTE;
    for (const slot of await this.store.slots(r.filter, slotMs)) {
      // A slot's events lie inside the range, so a slot cut by `from` belongs where the range starts.
      const bucket = bucketAt(buckets, Math.max(slot.startMs, r.filter.fromMs));
      if (!bucket) throw new Error(`slot ${new Date(slot.startMs).toISOString()} falls in no bucket`);
      bucket.starts += slot.starts;
      bucket.completions += slot.completions;
    }
    return {
      ...r.scope,
      interval: query.interval,
      buckets: buckets.map((b) => ({
        start: new Date(b.start).toISOString(),
        end: new Date(b.end).toISOString(),
        label: b.label,
        starts: b.starts,
        completions: b.completions,
      })),
    };
  }

  /** Sessions, starts and completions per value of one declared variable: the most frequent values, then "other". */
  async variableSplit(scope: Scope, flowId: string, variable: string, query: VariableSplitQuery): Promise<VariableSplit> {
    const r = await this.resolve(scope, flowId, query);
    if (!r.declared.has(variable)) throw unknownVariable(flowId, variable, ['variable']);
    const { top, total, distinctValues } = await this.store.variableValues(r.filter, variable, query.limit ?? DEFAULT_SPLIT_VALUES);
    const rate = (starts: number, completions: number) => (starts > 0 ? completions / starts : null);
    const values = top.map((row) => ({ ...row, completionRate: rate(row.starts, row.completions) }));
    const listed = values.reduce(
      (sum, v) => ({ sessions: sum.sessions + v.sessions, starts: sum.starts + v.starts, completions: sum.completions + v.completions }),
      { sessions: 0, starts: 0, completions: 0 },
    );
    const rest = {
      values: distinctValues - values.filter((v) => v.value !== null).length,
      sessions: total.sessions - listed.sessions,
      starts: total.starts - listed.starts,
      completions: total.completions - listed.completions,
    };
    return {
      ...r.scope,
      variable,
      values,
      other: rest.sessions > 0 ? { ...rest, completionRate: rate(rest.starts, rest.completions) } : null,
    };
  }

  private async resolve(scope: Scope, flowId: string, query: AnalyticsQuery): Promise<Resolved> {
    const caughtUp = this.folder.catchUp();
    // Awaited before reading; a failed lookup below must not leave its rejection unhandled.
    caughtUp.catch(() => {});
    const flow = await this.flows.get(flowId, scope);
    if (!flow) throw notFound('unknown-flow', `there is no flow "${flowId}"`);
    const published = (await this.flows.listVersions(scope, flowId)).map((v) => v.version).sort((a, b) => b - a);
    if (query.version !== undefined && !published.includes(query.version)) {
      throw notFound('unknown-version', `flow "${flowId}" has no version ${query.version}`, [{ path: ['version'], message: 'no such version' }]);
    }
    const order = query.version === undefined ? published : [query.version, ...published.filter((v) => v !== query.version)];
    const definitions: FlowDefinition[] = [];
    for (const version of order) {
      const definition = await this.versions.definition(flowId, version);
      if (definition) definitions.push(definition);
    }
    const variables = [flow.draft, ...definitions].flatMap((d) => d.variables ?? []);
    const declared = new Set(variables.map((v) => v.name));
    const vars = varSegments(query);
    for (const [name, value] of Object.entries(vars)) {
      if (!declared.has(name)) throw unknownVariable(flowId, name, [`var.${name}`]);
      // Longer than the variable allows: no session can hold it (it would have been dropped), so say so.
      if (value.length > Math.max(...variables.filter((v) => v.name === name).map((v) => v.maxLength))) {
        throw new ServiceError('invalid', 'value-too-long', `"var.${name}" is longer than the variable's maxLength, so no session has it`, [
          { path: [`var.${name}`], message: 'longer than the variable allows' },
        ]);
      }
    }

    const workspace = scope.workspaceId === null ? undefined : await this.accounts.getWorkspace(scope.workspaceId);
    const zone = new ZoneClock(workspace?.timeZone ?? 'UTC');
    const at = (value: string) => rangeEndMs(value, { startOfDay: (date) => zone.startOfDay(date) });
    const toMs = query.to === undefined ? this.clock.now().getTime() : at(query.to);
    const fromMs = query.from === undefined ? toMs - DEFAULT_DAYS * TIME.DAY : at(query.from);
    if (!(fromMs < toMs)) {
      throw new ServiceError('invalid', 'empty-range', '"from" must be before "to"', [{ path: ['from'], message: 'not before "to"' }]);
    }

    const filters = {
      ...(query.device !== undefined && { device: query.device }),
      ...(query.referrer !== undefined && { referrer: query.referrer }),
      ...(query.utmSource !== undefined && { utmSource: query.utmSource }),
      ...(query.utmMedium !== undefined && { utmMedium: query.utmMedium }),
      ...(query.utmCampaign !== undefined && { utmCampaign: query.utmCampaign }),
      ...(query.embedMode !== undefined && { embedMode: query.embedMode }),
      ...(Object.keys(vars).length > 0 && { vars }),
      ...(query.locale !== undefined && { locale: query.locale }),
    };
    const filter: AnalyticsFilter = {
      flowId,
      fromMs,
      toMs,
      ...(query.version !== undefined && { version: query.version }),
      ...(query.device !== undefined && { device: query.device }),
      ...(query.referrer !== undefined && { referrerHost: query.referrer }),
      ...(query.utmSource !== undefined && { utmSource: query.utmSource }),
      ...(query.utmMedium !== undefined && { utmMedium: query.utmMedium }),
      ...(query.utmCampaign !== undefined && { utmCampaign: query.utmCampaign }),
      ...(query.embedMode !== undefined && { embedMode: query.embedMode }),
      ...(Object.keys(vars).length > 0 && { vars }),
      ...(query.locale !== undefined && { locale: query.locale }),
    };
    await caughtUp;
    return {
      filter,
      zone,
      definitions,
      declared,
      scope: {
        flowId,
        version: query.version ?? null,
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        timeZone: zone.timeZone,
        filters,
      },
    };
  }
}

function unknownVariable(flowId: string, name: string, path: string[]): ServiceError {
  return new ServiceError('unprocessable', 'unknown-variable', `flow "${flowId}" declares no variable "${name}"`, [
    { path, message: `"${name}" is not a declared variable` },
  ]);
}

function findStep(definitions: readonly FlowDefinition[], stepId: string): Step | undefined {
  for (const definition of definitions) {
    const step = definition.steps.find((s) => s.id === stepId);
    if (step) return step;
  }
  return undefined;
}

function describe(definitions: readonly FlowDefinition[], stepId: string): { title: string; type: string; step: Step | undefined } {
  const step = findStep(definitions, stepId);
  return { title: step?.prompt.title ?? step?.prompt.text ?? stepId, type: step?.answer.type ?? 'unknown', step };
}

/** The first definition's steps in order, then the others' steps, then any step only the data names. */
function orderedSteps(definitions: readonly FlowDefinition[], seen: Iterable<string>): string[] {
  const ids = new Set<string>();
  const seenSet = new Set(seen);
  definitions.forEach((definition, index) => {
    for (const step of definition.steps) if (index === 0 || seenSet.has(step.id)) ids.add(step.id);
  });
  for (const id of [...seenSet].sort()) ids.add(id);
  return [...ids];
}

/** Steps of one answer type in the first definition's order, plus any with responses of that kind. */
function stepsOfType(definitions: readonly FlowDefinition[], type: string, withData: Iterable<string>): string[] {
  const data = new Set(withData);
  return orderedSteps(definitions, data).filter((id) => data.has(id) || (definitions[0]?.steps.find((s) => s.id === id)?.answer.type === type));
}

function choices(definitions: readonly FlowDefinition[], responses: readonly ResponseCount[]): ChoiceAnalytics[] {
  const rows = responses.filter((r) => r.kind === 'choice');
  return stepsOfType(definitions, 'choice', rows.map((r) => r.stepId)).map((stepId) => {
    const counts = new Map<string, number>();
    for (const r of rows) if (r.stepId === stepId) counts.set(r.detail, (counts.get(r.detail) ?? 0) + r.count);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const { title, step } = describe(definitions, stepId);
    const labels = new Map<string, string>();
    for (const definition of [...definitions].reverse()) {
      const s = definition.steps.find((x) => x.id === stepId);
      if (s?.answer.type === 'choice') for (const o of s.answer.options) labels.set(o.id, o.label);
    }
    const listed = step?.answer.type === 'choice' ? step.answer.options.map((o) => o.id) : [];
    const optionIds = [...listed, ...[...counts.keys()].filter((id) => !listed.includes(id)).sort()];
    return {
      stepId,
      title,
      total,
      options: optionIds.map((optionId) => {
        const count = counts.get(optionId) ?? 0;
        return { optionId, label: labels.get(optionId) ?? optionId, count, share: total > 0 ? count / total : 0 };
      }),
    };
  });
}

function valueCounts(responses: readonly ResponseCount[], stepId: string, kind: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const r of responses) {
    if (r.kind === 'answer' && r.stepId === stepId && r.detail === kind && r.value !== null) counts.set(r.value, (counts.get(r.value) ?? 0) + r.count);
  }
  return counts;
}

function ratings(definitions: readonly FlowDefinition[], responses: readonly ResponseCount[]): RatingAnalytics[] {
  const withData = responses.filter((r) => r.kind === 'answer' && r.detail === 'rating').map((r) => r.stepId);
  return stepsOfType(definitions, 'rating', withData).map((stepId) => {
    const counts = valueCounts(responses, stepId, 'rating');
    const { title, step } = describe(definitions, stepId);
    const scale = Math.max(step?.answer.type === 'rating' ? step.answer.scale : 5, ...counts.keys());
    const count = [...counts.values()].reduce((a, b) => a + b, 0);
    const sum = [...counts].reduce((a, [value, n]) => a + value * n, 0);
    const distribution = Array.from({ length: scale }, (_, i) => ({ value: i + 1, count: counts.get(i + 1) ?? 0 }));
    return { stepId, title, scale, count, average: count > 0 ? sum / count : null, distribution };
  });
}

function nps(definitions: readonly FlowDefinition[], responses: readonly ResponseCount[]): NpsAnalytics[] {
  const withData = responses.filter((r) => r.kind === 'answer' && r.detail === 'nps').map((r) => r.stepId);
  return stepsOfType(definitions, 'nps', withData).map((stepId) => {
    const counts = valueCounts(responses, stepId, 'nps');
    const distribution = Array.from({ length: 11 }, (_, value) => ({ value, count: counts.get(value) ?? 0 }));
    const count = distribution.reduce((a, d) => a + d.count, 0);
    const promoters = distribution.filter((d) => d.value >= 9).reduce((a, d) => a + d.count, 0);
    const passives = distribution.filter((d) => d.value === 7 || d.value === 8).reduce((a, d) => a + d.count, 0);
    const detractors = count - promoters - passives;
    const score = count > 0 ? ((promoters - detractors) * 100) / count : null;
    return { stepId, title: describe(definitions, stepId).title, count, promoters, passives, detractors, score, distribution };
  });
}
