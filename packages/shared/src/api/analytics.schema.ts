import * as z from 'zod';
import { DateOrDateTime } from './time.schema.js';
import { EMBED_MODES } from '../events/event-types.js';
import { FlowId } from '../events/viewer-event.schema.js';
import { AnswerKind } from './answers.schema.js';

/**
 * A range end: an ISO date-time with an offset, or a date (`2026-03-29`), which means the start of that day in
 * the workspace's time zone. Ranges are half-open: `from` included, `to` excluded.
 */
const RangeEnd = DateOrDateTime;

/** Filters shared by every analytics query; segments combine (and). */
export const AnalyticsQuery = z.strictObject({
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
});

export const AnalyticsTimeseriesQuery = AnalyticsQuery.extend({
  interval: z.enum(['hour', 'day']).default('day').meta({ description: 'Bucket size, in the workspace time zone' }),
});

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
