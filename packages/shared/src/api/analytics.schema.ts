import * as z from 'zod';
import { DateOrDateTime } from './time.schema.js';
import { EMBED_MODES } from '../events/event-types.js';
import { FlowId } from '../events/viewer-event.schema.js';
import { AnswerKind } from './answers.schema.js';
import { MAX_VARIABLE_LENGTH } from '../flow/rule-limits.js';

/** A variable segment's query parameter: `var.<name>` (the name as a flow declares it). */
export const VAR_SEGMENT_PREFIX = 'var.';
const VAR_SEGMENT_KEY = /^var\.([A-Za-z][A-Za-z0-9_]{0,31})$/;
/** At most this many variable segments in one query (a flow declares at most 20 variables). */
export const MAX_VAR_SEGMENTS = 20;

/**
 * A range end: an ISO date-time with an offset, or a date (`2026-03-29`), which means the start of that day in
 * the workspace's time zone. Ranges are half-open: `from` included, `to` excluded.
 */
const RangeEnd = DateOrDateTime;

const analyticsQueryShape = {
  version: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'must be a version number (1, 2, …)')
    .transform(Number)
    .optional()
    .meta({ description: 'One published version; all versions when absent' }),
  from: RangeEnd.optional().meta({
    description: 'Sessions created at or after: ISO date-time with offset, or a date (its start in the workspace time zone); default 30 days before `to`',
  }),
  to: RangeEnd.optional().meta({ description: 'Sessions created before (same forms as `from`); default now' }),
  device: z.enum(['mobile', 'tablet', 'desktop']).optional().meta({ description: 'Device class the widget reported' }),
  referrer: z
    .string()
    .min(1)
    .max(253)
    .transform((s) => s.toLowerCase())
    .optional()
    .meta({ description: 'Referrer host name, e.g. `news.example.com` (any case; no scheme, port or path)' }),
  utmSource: z.string().min(1).max(200).optional().meta({ description: '`utm_source` of the embedding page' }),
  utmMedium: z.string().min(1).max(200).optional().meta({ description: '`utm_medium` of the embedding page' }),
  utmCampaign: z.string().min(1).max(200).optional().meta({ description: '`utm_campaign` of the embedding page' }),
  embedMode: z.enum(EMBED_MODES).optional().meta({ description: 'How the flow was embedded' }),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "de" or "pt-BR"')
    .transform((s) => s.toLowerCase().replace(/_/g, '-'))
    .optional()
    .meta({ description: 'The language the viewer was shown, e.g. `de` (with its regions) or `pt-BR`' }),
};

/**
 * Besides the named parameters, any number of `var.<name>=<value>` segments (a session variable's exact value);
 * every other parameter is refused, as a strict object would. Whether the flow declares `<name>` is the service's
 * to say (it knows the flow); the key's form and the value's length are checked here.
 */
const checkVarSegments = (shape: object) => (query: Record<string, unknown>, ctx: z.RefinementCtx): void => {
  let segments = 0;
  for (const [key, value] of Object.entries(query)) {
    if (key in shape) continue;
    if (!VAR_SEGMENT_KEY.test(key)) {
      const message = key.startsWith(VAR_SEGMENT_PREFIX)
        ? 'a variable segment is `var.<name>`: 1–32 letters, digits or "_", starting with a letter'
        : 'unknown parameter (variable segments are written `var.<name>=<value>`)';
      ctx.addIssue({ code: 'custom', path: [key], message });
      continue;
    }
    segments += 1;
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_VARIABLE_LENGTH) {
      ctx.addIssue({ code: 'custom', path: [key], message: `a variable segment's value is 1–${MAX_VARIABLE_LENGTH} characters` });
    }
  }
  if (segments > MAX_VAR_SEGMENTS) ctx.addIssue({ code: 'custom', path: [], message: `at most ${MAX_VAR_SEGMENTS} variable segments` });
};

/** The `var.<name>=<value>` segments of a parsed analytics query, by variable name. */
export function varSegments(query: Readonly<Record<string, unknown>>): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    const name = VAR_SEGMENT_KEY.exec(key)?.[1];
    if (name !== undefined && typeof value === 'string') vars[name] = value;
  }
  return vars;
}

const timeseriesShape = {
  interval: z.enum(['hour', 'day']).default('day').meta({ description: 'Bucket size, in the workspace time zone' }),
};

/** The most values a variable split lists before gathering the rest into "other". */
export const MAX_SPLIT_VALUES = 50;

const variableSplitShape = {
  limit: z
    .string()
    .regex(/^[1-9][0-9]?$/, `must be a whole number 1–${MAX_SPLIT_VALUES}`)
    .transform(Number)
    .refine((n) => n <= MAX_SPLIT_VALUES, `at most ${MAX_SPLIT_VALUES}`)
    .optional()
    .meta({ description: `How many values to list, the most frequent first (default 10, at most ${MAX_SPLIT_VALUES}); the rest are "other"` }),
};

/** Filters shared by every analytics query; segments combine (and). `var.<name>=<value>` segments ride along (see `varSegments`). */
export const AnalyticsQuery = z.object(analyticsQueryShape).catchall(z.unknown()).superRefine(checkVarSegments(analyticsQueryShape));

const timeseriesQueryShape = { ...analyticsQueryShape, ...timeseriesShape };
export const AnalyticsTimeseriesQuery = z.object(timeseriesQueryShape).catchall(z.unknown()).superRefine(checkVarSegments(timeseriesQueryShape));

const variableSplitQueryShape = { ...analyticsQueryShape, ...variableSplitShape };
export const VariableSplitQuery = z.object(variableSplitQueryShape).catchall(z.unknown()).superRefine(checkVarSegments(variableSplitQueryShape));

/** What a query covered: the resolved range (UTC), the workspace time zone and the filters as applied. */
const AnalyticsScope = z.object({
  flowId: FlowId,
  version: z.number().int().positive().nullable(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  timeZone: z.string(),
  filters: z.object({
    device: z.string().optional(),
    referrer: z.string().optional(),
    utmSource: z.string().optional(),
    utmMedium: z.string().optional(),
    utmCampaign: z.string().optional(),
    embedMode: z.string().optional(),
    /** The `var.<name>` segments applied, by variable name. */
    vars: z.record(z.string(), z.string()).optional(),
    /** The `locale` segment applied. */
    locale: z.string().optional(),
  }),
});

export const AnalyticsSummary = z.object({
  /**
   * Sessions created (`POST /api/v1/sessions`): the widget makes one each time it shows a flow to a new viewer (a
   * reload resumes the same one). There is no separate impression event; this is the closest signal.
   */
  impressions: z.number().int(),
  /** Sessions whose `reelback.session.started` was stored. */
  starts: z.number().int(),
  /** Sessions whose `reelback.session.completed` was stored. */
  completions: z.number().int(),
  /** completions / starts; null without starts. */
  completionRate: z.number().nullable(),
});

export const StepAnalytics = z.object({
  stepId: z.string(),
  /** From the chosen version, else the newest version that has the step; the id when it has none. */
  title: z.string(),
  /** The step's answer type (`choice`, `rating`, …), `unknown` when no version has it. */
  type: z.string(),
  /** Sessions that viewed the step (reloads count once). */
  reached: z.number().int(),
  /** Sessions that chose, answered or followed the call to action there. */
  answered: z.number().int(),
  /** Sessions whose last viewed step is this one and that did not complete. */
  dropped: z.number().int(),
  /**
   * Median over sessions of the time from their first view of the step to leaving it (their answer there or their
   * view of another step), by the viewer's clock; null when no session left it.
   */
  medianTimeOnStepMs: z.number().nullable(),
  /** Sessions whose video on this step played to at least each mark. */
  video: z.object({ p25: z.number().int(), p50: z.number().int(), p75: z.number().int(), p100: z.number().int() }),
});

export const ChoiceAnalytics = z.object({
  stepId: z.string(),
  title: z.string(),
  /** Sessions that chose on this step (a session's last choice there counts). */
  total: z.number().int(),
  /** The version's options in order (count 0 included), then options no version has any more. */
  options: z.array(z.object({ optionId: z.string(), label: z.string(), count: z.number().int(), share: z.number() })),
});

const Distribution = z.array(z.object({ value: z.number().int(), count: z.number().int() }));

export const RatingAnalytics = z.object({
  stepId: z.string(),
  title: z.string(),
  scale: z.number().int(),
  count: z.number().int(),
  /** null without answers. */
  average: z.number().nullable(),
  /** Every value 1…scale (count 0 included). */
  distribution: Distribution,
});

export const NpsAnalytics = z.object({
  stepId: z.string(),
  title: z.string(),
  count: z.number().int(),
  /** 9–10 */
  promoters: z.number().int(),
  /** 7–8 */
  passives: z.number().int(),
  /** 0–6 */
  detractors: z.number().int(),
  /** % promoters − % detractors (−100…100); null without answers. */
  score: z.number().nullable(),
  /** Every value 0…10 (count 0 included). */
  distribution: Distribution,
});

export const FlowAnalytics = AnalyticsScope.extend({
  summary: AnalyticsSummary,
  /** The version's steps in order, then steps only other versions have. */
  steps: z.array(StepAnalytics),
  choices: z.array(ChoiceAnalytics),
  ratings: z.array(RatingAnalytics),
  nps: z.array(NpsAnalytics),
  /** Answers (`reelback.answer.submitted`; a session's last one per step) by kind. */
  answersByKind: z.record(AnswerKind, z.number().int()),
});

export const AnalyticsBucket = z.object({
  /** Where the bucket starts (UTC); the first and last may be cut by the range. */
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  /** Local to the workspace: `2026-03-29` for days, `2026-03-29T03:00+02:00` for hours (the offset tells repeated hours apart). */
  label: z.string(),
  /** Sessions started in the bucket (by the server's clock). */
  starts: z.number().int(),
  /** Sessions completed in the bucket, whenever they started. */
  completions: z.number().int(),
});

export const AnalyticsTimeseries = AnalyticsScope.extend({
  interval: z.enum(['hour', 'day']),
  buckets: z.array(AnalyticsBucket),
});

/** Sessions, starts and completions of the sessions that passed one value of a variable. */
export const VariableValueCounts = z.object({
  /** Sessions created (as `impressions` in the funnel). */
  sessions: z.number().int(),
  starts: z.number().int(),
  completions: z.number().int(),
  /** completions / starts; null without starts. */
  completionRate: z.number().nullable(),
});

export const VariableSplit = AnalyticsScope.extend({
  variable: z.string(),
  /** The most frequent values first (ties by value), at most `limit`; `value` null: sessions that passed none. */
  values: z.array(VariableValueCounts.extend({ value: z.string().nullable() })),
  /** Every value past the listed ones, gathered; null when none is left. */
  other: VariableValueCounts.extend({ values: z.number().int() }).nullable(),
});

export type AnalyticsQuery = z.infer<typeof AnalyticsQuery>;
export type AnalyticsTimeseriesQuery = z.infer<typeof AnalyticsTimeseriesQuery>;
export type AnalyticsSummary = z.infer<typeof AnalyticsSummary>;
export type StepAnalytics = z.infer<typeof StepAnalytics>;
export type ChoiceAnalytics = z.infer<typeof ChoiceAnalytics>;
export type RatingAnalytics = z.infer<typeof RatingAnalytics>;
export type NpsAnalytics = z.infer<typeof NpsAnalytics>;
export type FlowAnalytics = z.infer<typeof FlowAnalytics>;
export type AnalyticsBucket = z.infer<typeof AnalyticsBucket>;
export type AnalyticsTimeseries = z.infer<typeof AnalyticsTimeseries>;
export type VariableSplitQuery = z.infer<typeof VariableSplitQuery>;
export type VariableValueCounts = z.infer<typeof VariableValueCounts>;
export type VariableSplit = z.infer<typeof VariableSplit>;
