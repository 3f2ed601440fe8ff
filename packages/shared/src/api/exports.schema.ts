import * as z from 'zod';
import { DateOrDateTime } from './time.schema.js';
import { ClipStatus } from '../clips/clip.schema.js';
import { FlowId } from '../events/viewer-event.schema.js';
import { AnswerKind, AnswerListQuery, AnswerStatus } from './answers.schema.js';
import { Sentiment } from '../insights/answer-analysis.schema.js';

/** `csv` (RFC 4180, UTF-8, header row) or `ndjson` (one JSON object a line). */
export const ExportFormat = z.enum(['csv', 'ndjson']);
/**
 * `member`: media links that never expire and need a workspace member's credentials (the clip media route).
 * `signed`: links anyone holding them may open until `linkExpiresIn` seconds from the export (HMAC-signed).
 */
export const ExportLinks = z.enum(['member', 'signed']);

export const EXPORT_LINK_DEFAULT_SECONDS = 7 * 86_400;
export const EXPORT_LINK_MAX_SECONDS = 366 * 86_400;

/** The inbox filters (without paging), the format, and how media are linked. Unknown parameters are refused. */
export const AnswerExportQuery = AnswerListQuery.omit({ limit: true, cursor: true })
  .extend({
    format: ExportFormat.default('csv'),
    links: ExportLinks.default('member'),
    /** Seconds signed links stay valid (60 s to 366 days; 7 days when absent). Only with `links=signed`. */
    linkExpiresIn: z.coerce.number().int().min(60).max(EXPORT_LINK_MAX_SECONDS).optional(),
  })
  .strict()
  .refine((q) => q.linkExpiresIn === undefined || q.links === 'signed', {
    path: ['linkExpiresIn'],
    message: 'linkExpiresIn applies to signed links only: add links=signed',
  });

/** Sessions or events of the caller's workspace, of one flow when `flowId` is given. */
export const SessionExportQuery = z
  .object({
    format: ExportFormat.default('csv'),
    flowId: FlowId.optional(),
    /** Sessions started (events received) at or after this; a date means its start, UTC. */
    from: DateOrDateTime.optional(),
    /** Started (received) before this; a date includes that whole day, UTC. */
    to: DateOrDateTime.optional(),
  })
  .strict();
export const EventExportQuery = SessionExportQuery;

/** One NDJSON line of an answers export; the CSV has the same columns in this order (`tags` joined with `;`). */
export const AnswerExportRow = z.object({
  id: z.string(),
  sessionId: z.string(),
  submittedAt: z.iso.datetime(),
  flowId: z.string(),
  flowVersion: z.number().int(),
  stepId: z.string(),
  kind: AnswerKind,
  /** Typed text (text answers). */
  text: z.string().nullable(),
  /** The score of a rating or NPS answer. */
  value: z.number().nullable(),
  /** Contact answers: whether the viewer consented; the contact fields are given only when they did. */
  contactConsent: z.boolean().nullable(),
  contactName: z.string().nullable(),
  contactEmail: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactCompany: z.string().nullable(),
  clipId: z.string().nullable(),
  clipStatus: ClipStatus.nullable(),
  durationSeconds: z.number().nullable(),
  /** Absolute URL of the clip's video or audio once it is ready (member or signed, see `links`). */
  mediaUrl: z.string().nullable(),
  /** The clip's transcript (the edited text when someone corrected it), once ready. */
  transcript: z.string().nullable(),
  tags: z.array(z.string()),
  status: AnswerStatus,
  starred: z.boolean(),
  note: z.string().nullable(),
  /**
   * The steps the viewer took before this answer, in order, joined with `>`: `stepId`, with `:optionId` for a
   * choice and `:score` for a rating or NPS (`start:feedback>rate:4>nps:9`). A reload's repeated view is one step.
   */
  path: z.string(),
  /** The analysis of its text (#17), null unless analysed (see the answer's `analysis.state`). */
  sentiment: Sentiment.nullable(),
  sentimentScore: z.number().nullable(),
  /** Key phrases of the analysed text, in the order they appear; CSV joins them with `;`. */
  keyPhrases: z.array(z.string()),
  /** Names of the themes the answer belongs to; CSV joins them with `;`. Empty until themes are stored (#17). */
  themes: z.array(z.string()),
  /**
   * The session's variables, one key per variable the exported flow(s) declare (null where the session passed
   * none); CSV writes them as `vars.<name>` columns after the others.
   */
  vars: z.record(z.string(), z.string().nullable()),
});

export const SessionExportRow = z.object({
  id: z.string(),
  flowId: z.string(),
  flowVersion: z.number().int(),
  startedAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  embedMode: z.string(),
  pageUrl: z.string().nullable(),
  referrer: z.string().nullable(),
  utmSource: z.string().nullable(),
  utmMedium: z.string().nullable(),
  utmCampaign: z.string().nullable(),
  utmTerm: z.string().nullable(),
  utmContent: z.string().nullable(),
  locale: z.string().nullable(),
  device: z.string().nullable(),
  /** The step the viewer was on last. */
  lastStepId: z.string().nullable(),
  /** Answers submitted in the session. */
  answers: z.number().int(),
  /**
   * The session's variables, one key per variable the exported flow(s) declare (null where the session passed
   * none); CSV writes them as `vars.<name>` columns after the others.
   */
  vars: z.record(z.string(), z.string().nullable()),
});

/** A CSV row of an events export; NDJSON lines are the stored CloudEvents themselves. */
export const EventExportCsvRow = z.object({
  id: z.string(),
  type: z.string(),
  time: z.string(),
  receivedAt: z.iso.datetime(),
  sessionId: z.string(),
  /** The event's `data`, as JSON. */
  data: z.string(),
});

/** The fixed CSV columns; `vars` becomes one `vars.<name>` column per declared variable after them. */
export const ANSWER_EXPORT_COLUMNS = Object.keys(AnswerExportRow.shape).filter((k) => k !== 'vars') as Exclude<keyof z.infer<typeof AnswerExportRow>, 'vars'>[];
export const SESSION_EXPORT_COLUMNS = Object.keys(SessionExportRow.shape).filter((k) => k !== 'vars') as Exclude<keyof z.infer<typeof SessionExportRow>, 'vars'>[];
/** A declared variable's CSV column. */
export const varColumn = (name: string) => `vars.${name}`;
export const EVENT_EXPORT_COLUMNS = Object.keys(EventExportCsvRow.shape) as (keyof z.infer<typeof EventExportCsvRow>)[];

// The progress helpers live in a zod-free module the dashboard imports on its own ('@reelback/shared/export-progress').
export { EXPORT_TOTAL_HEADER, ExportRecordCounter } from './export-progress.js';

export type ExportFormat = z.infer<typeof ExportFormat>;
export type ExportLinks = z.infer<typeof ExportLinks>;
export type AnswerExportQuery = z.infer<typeof AnswerExportQuery>;
export type SessionExportQuery = z.infer<typeof SessionExportQuery>;
export type EventExportQuery = z.infer<typeof EventExportQuery>;
export type AnswerExportRow = z.infer<typeof AnswerExportRow>;
export type SessionExportRow = z.infer<typeof SessionExportRow>;
export type EventExportCsvRow = z.infer<typeof EventExportCsvRow>;
