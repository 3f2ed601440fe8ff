// Hand-written answers of GET /api/v1/flows/:flowId/analytics(/timeseries), shaped exactly as the shared schema
// (FlowAnalytics, AnalyticsTimeseries). The all-versions and version 1 figures are those the server's own fixture
// is checked against (packages/server/src/analytics/analytics.flow.test.ts): a flow `demo` in Europe/Berlin,
// 28–30 March 2026; version 2 is what remains of them.
import type { AnalyticsTimeseries, FlowAnalytics, FlowSummary, VariableSplit } from '@reelback/shared';

export const FLOW_ID = 'demo';

const scope = {
  flowId: FLOW_ID,
  from: '2026-03-27T23:00:00.000Z',
  to: '2026-03-30T22:00:00.000Z',
  timeZone: 'Europe/Berlin',
  filters: {},
};

const zeros = { p25: 0, p50: 0, p75: 0, p100: 0 };
const npsDistribution = (values: number[]) => Array.from({ length: 11 }, (_, value) => ({ value, count: values.filter((v) => v === value).length }));

export function allVersions(): FlowAnalytics {
  return {
    ...scope,
    version: null,
    summary: { impressions: 8, starts: 7, completions: 3, completionRate: 3 / 7 },
    steps: [
      { stepId: 'intro', title: 'Want a demo now?', type: 'choice', reached: 7, answered: 6, dropped: 1, medianTimeOnStepMs: 11_000, video: { p25: 3, p50: 2, p75: 2, p100: 1 } },
      { stepId: 'rate', title: 'Rate the demo', type: 'rating', reached: 3, answered: 2, dropped: 1, medianTimeOnStepMs: 4_000, video: zeros },
      { stepId: 'nps', title: 'Recommend us?', type: 'nps', reached: 4, answered: 4, dropped: 0, medianTimeOnStepMs: 6_500, video: zeros },
      { stepId: 'say', title: 'Anything else?', type: 'open', reached: 5, answered: 3, dropped: 2, medianTimeOnStepMs: 20_000, video: zeros },
      { stepId: 'end', title: 'Thanks', type: 'end', reached: 3, answered: 0, dropped: 0, medianTimeOnStepMs: null, video: zeros },
    ],
    choices: [
      {
        stepId: 'intro',
        title: 'Want a demo now?',
        total: 6,
        options: [
          { optionId: 'yes', label: 'Yes please!', count: 3, share: 3 / 6 },
          { optionId: 'no', label: 'No thanks', count: 2, share: 2 / 6 },
          { optionId: 'maybe', label: 'Maybe', count: 1, share: 1 / 6 },
        ],
      },
    ],
    ratings: [
      {
        stepId: 'rate',
        title: 'Rate the demo',
        scale: 5,
        count: 2,
        average: 3,
        distribution: [1, 2, 3, 4, 5].map((value) => ({ value, count: value === 2 || value === 4 ? 1 : 0 })),
      },
    ],
    nps: [{ stepId: 'nps', title: 'Recommend us?', count: 4, promoters: 2, passives: 1, detractors: 1, score: 25, distribution: npsDistribution([6, 8, 9, 10]) }],
    answersByKind: { text: 3, rating: 2, nps: 4, contact: 0, video: 0, audio: 0 },
  };
}

export function version1(): FlowAnalytics {
  const all = allVersions();
  return {
    ...all,
    version: 1,
    summary: { impressions: 5, starts: 5, completions: 2, completionRate: 2 / 5 },
    steps: [
      { ...all.steps[0]!, title: 'Want a demo?', reached: 5, answered: 4, dropped: 1, medianTimeOnStepMs: 11_000, video: { p25: 2, p50: 1, p75: 1, p100: 1 } },
      ...all.steps.slice(1),
    ],
    choices: [
      {
        stepId: 'intro',
        title: 'Want a demo?',
        total: 4,
        options: [
          { optionId: 'yes', label: 'Yes please', count: 3, share: 3 / 4 },
          { optionId: 'no', label: 'No thanks', count: 1, share: 1 / 4 },
        ],
      },
    ],
    nps: [{ stepId: 'nps', title: 'Recommend us?', count: 3, promoters: 1, passives: 1, detractors: 1, score: 0, distribution: npsDistribution([6, 8, 10]) }],
  };
}

export function version2(): FlowAnalytics {
  const all = allVersions();
  return {
    ...all,
    version: 2,
    summary: { impressions: 3, starts: 2, completions: 1, completionRate: 1 / 2 },
    steps: [
      { ...all.steps[0]!, reached: 2, answered: 2, dropped: 0, medianTimeOnStepMs: 10_000, video: { p25: 1, p50: 1, p75: 1, p100: 0 } },
      { ...all.steps[2]!, reached: 1, answered: 1, dropped: 0, medianTimeOnStepMs: 4_000 },
      { ...all.steps[3]!, reached: 2, answered: 1, dropped: 1, medianTimeOnStepMs: 30_000 },
      { ...all.steps[4]!, reached: 1 },
    ],
    choices: [
      {
        stepId: 'intro',
        title: 'Want a demo now?',
        total: 2,
        options: [
          { optionId: 'yes', label: 'Yes please!', count: 0, share: 0 },
          { optionId: 'no', label: 'No thanks', count: 1, share: 1 / 2 },
          { optionId: 'maybe', label: 'Maybe', count: 1, share: 1 / 2 },
        ],
      },
    ],
    ratings: [],
    nps: [{ stepId: 'nps', title: 'Recommend us?', count: 1, promoters: 1, passives: 0, detractors: 0, score: 100, distribution: npsDistribution([9]) }],
    answersByKind: { text: 1, rating: 0, nps: 1, contact: 0, video: 0, audio: 0 },
  };
}

/** A range where nothing happened. */
export function emptyAnalytics(version: number | null = null): FlowAnalytics {
  return {
    ...scope,
    version,
    summary: { impressions: 0, starts: 0, completions: 0, completionRate: null },
    steps: [],
    choices: [],
    ratings: [],
    nps: [],
    answersByKind: { text: 0, rating: 0, nps: 0, contact: 0, video: 0, audio: 0 },
  };
}

export function dailySeries(version: number | null = null): AnalyticsTimeseries {
  const buckets =
    version === 2
      ? [
          { label: '2026-03-28', start: '2026-03-27T23:00:00.000Z', end: '2026-03-28T23:00:00.000Z', starts: 0, completions: 0 },
          { label: '2026-03-29', start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z', starts: 0, completions: 0 },
          { label: '2026-03-30', start: '2026-03-29T22:00:00.000Z', end: '2026-03-30T22:00:00.000Z', starts: 2, completions: 1 },
        ]
      : [
          { label: '2026-03-28', start: '2026-03-27T23:00:00.000Z', end: '2026-03-28T23:00:00.000Z', starts: 1, completions: 1 },
          { label: '2026-03-29', start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z', starts: 4, completions: 0 },
          { label: '2026-03-30', start: '2026-03-29T22:00:00.000Z', end: '2026-03-30T22:00:00.000Z', starts: 2, completions: 2 },
        ];
  return { ...scope, version, interval: 'day', buckets };
}

export function hourlySeries(): AnalyticsTimeseries {
  const hours = ['00:00+01:00', '01:00+01:00', '03:00+02:00'];
  return {
    ...scope,
    version: null,
    interval: 'hour',
    buckets: hours.map((h, i) => ({
      label: `2026-03-29T${h}`,
      start: new Date(Date.UTC(2026, 2, 28, 23 + i)).toISOString(),
      end: new Date(Date.UTC(2026, 2, 28, 24 + i)).toISOString(),
      starts: i === 2 ? 0 : 1,
      completions: 0,
    })),
  };
}

/** A split by `plan`: two values, the sessions without one, and the rest gathered. */
export function variableSplit(variable: string): VariableSplit {
  return {
    ...scope,
    version: null,
    variable,
    values: [
      { value: 'pro', sessions: 5, starts: 4, completions: 3, completionRate: 3 / 4 },
      { value: '<b>free</b>', sessions: 2, starts: 2, completions: 0, completionRate: 0 },
      { value: null, sessions: 1, starts: 1, completions: 0, completionRate: 0 },
    ],
    other: { values: 3, sessions: 3, starts: 2, completions: 1, completionRate: 1 / 2 },
  };
}

/** A flow whose draft declares `plan` and `team`. */
export const VARS_FLOW: FlowSummary = {
  id: FLOW_ID,
  name: 'Demo tour',
  draft: { name: 'Demo', variables: [{ name: 'plan', maxLength: 100 }, { name: 'team', maxLength: 100 }], steps: [{ id: 'intro', prompt: { title: 'Hi' }, answer: { type: 'end' } }] } as FlowSummary['draft'],
  latestVersion: 2,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-20T09:00:00.000Z',
  problems: [],
};

const definition = { name: 'Demo', steps: [{ id: 'intro', prompt: { title: 'Want a demo now?' }, answer: { type: 'end' } }] } as FlowSummary['draft'];

export const ANALYTICS_FLOWS: FlowSummary[] = [
  { id: FLOW_ID, name: 'Demo tour', draft: definition, latestVersion: 2, createdAt: '2026-03-01T09:00:00.000Z', updatedAt: '2026-03-20T09:00:00.000Z', problems: [] },
  { id: 'survey', name: 'Pricing survey', draft: definition, latestVersion: 1, createdAt: '2026-03-01T09:00:00.000Z', updatedAt: '2026-03-20T09:00:00.000Z', problems: [] },
];
