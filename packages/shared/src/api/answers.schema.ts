import * as z from 'zod';
import { DateOrDateTime } from './time.schema.js';
import { ClipStatus } from '../clips/clip.schema.js';
import { AnswerValue } from '../flow/answer-value.schema.js';
import { FlowId, SessionId } from '../events/viewer-event.schema.js';
import { Sentiment } from '../insights/answer-analysis.schema.js';
import { AnswerAnalysisView } from '../insights/answer-analysis-view.schema.js';

/** Where an answer is in the owner's review: new until someone looks at it. */
export const AnswerStatus = z.enum(['new', 'reviewed', 'archived']);
export const AnswerKind = z.enum(['text', 'rating', 'nps', 'contact', 'video', 'audio']);

/** A tag as stored: trimmed, lower-cased, 1–40 characters. */
export const AnswerTag = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().min(1).max(40));

/** The item an owner made of an answer in the workspace's tracker ("Create backlog item"). */
export const AnswerBacklogItem = z.object({
  /** Where a person opens the item (http or https). */
  url: z.string(),
  /** The tracker's short name: `acme/widgets#42`, `FEED-7`, `ENG-123`, or the webhook message id. */
  key: z.string(),
  tracker: z.enum(['github', 'jira', 'linear', 'webhook']),
  createdAt: z.iso.datetime(),
});

/** A contact answer given without consent: its fields are never served. */
export const WithheldContactValue = z.object({ kind: z.literal('contact'), consent: z.literal(false) });

export const AnswerItem = z.object({
  id: z.string(),
  sessionId: SessionId,
  flowId: FlowId,
  flowVersion: z.number().int().positive(),
  stepId: z.string(),
  kind: AnswerKind,
  value: z.union([AnswerValue, WithheldContactValue]),
  /** The typed text of a text answer; null for the other kinds. */
  text: z.string().nullable(),
  clip: z
    .object({
      id: z.string(),
      status: ClipStatus,
      durationSeconds: z.number().nullable(),
      /** `/api/v1/clips/:id/media/poster` when the clip has a poster. */
      posterUrl: z.string().nullable(),
    })
    .nullable(),
  /** The first ~200 characters of the clip's transcript, once it is ready; '' when it is ready and no speech was recognised. */
  transcriptSnippet: z.string().nullable(),
  status: AnswerStatus,
  starred: z.boolean(),
  tags: z.array(z.string()),
  note: z.string().nullable(),
  submittedAt: z.iso.datetime(),
  /** The backlog item made of this answer, once there is one. */
  backlogItem: AnswerBacklogItem.nullable(),
  /** Sentiment, key phrases and language of its text (#17); null for answers without text (ratings, contacts, clips not transcribed yet). */
  analysis: AnswerAnalysisView.nullable(),
});

export const AnswerListQuery = z.object({
  flowId: FlowId.optional(),
  stepId: z.string().min(1).max(100).optional(),
  kind: AnswerKind.optional(),
  status: AnswerStatus.optional(),
  tag: AnswerTag.optional(),
  starred: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** Submitted at or after (a date means its start, UTC). */
  from: DateOrDateTime.optional(),
  /** Submitted before (a date includes that whole day, UTC). */
  to: DateOrDateTime.optional(),
  /** Words of the typed text or of the clip's transcript. */
  q: z.string().trim().min(1).max(200).optional(),
  /** Answers whose analysis found this sentiment (analysed answers only). */
  sentiment: Sentiment.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(512).optional(),
});

export const AnswerList = z.object({
  answers: z.array(AnswerItem),
  nextCursor: z.string().nullable(),
});

export const AnswerPatch = z
  .object({
    status: AnswerStatus.optional(),
    starred: z.boolean().optional(),
    note: z.string().max(10000).nullable().optional(),
    /** Replaces the answer's tags. */
    tags: z.array(AnswerTag).max(20).optional(),
  })
  .strict();

export const AnswerTagList = z.object({ tags: z.array(z.string()) });

export type AnswerStatus = z.infer<typeof AnswerStatus>;
export type AnswerKind = z.infer<typeof AnswerKind>;
export type AnswerItem = z.infer<typeof AnswerItem>;
export type AnswerBacklogItem = z.infer<typeof AnswerBacklogItem>;
export type AnswerListQuery = z.infer<typeof AnswerListQuery>;
export type AnswerList = z.infer<typeof AnswerList>;
export type AnswerPatch = z.infer<typeof AnswerPatch>;
export type AnswerTagList = z.infer<typeof AnswerTagList>;
