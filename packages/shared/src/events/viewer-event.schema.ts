import * as z from 'zod';
import { Slug } from '../flow/flow.schema.js';
import { AnswerValue } from '../flow/answer-value.schema.js';
import { EMBED_MODES } from './event-types.js';

export const EventId = z.uuid({ version: 'v7', message: 'must be a UUIDv7' });
export const SessionId = z.uuid({ version: 'v7', message: 'must be a UUIDv7' });
export const FlowId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'use 1–64 letters, digits, "-" or "_"');

/** CloudEvents 1.0 required attributes, plus the optional ones we use: viewer and server events share them. */
export const cloudEventEnvelope = {
  specversion: z.literal('1.0'),
  id: EventId,
  source: z.string().min(1).max(512),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json').optional(),
  subject: z.string().max(512).optional(),
};

/** Every viewer event says which session, flow and published version it belongs to. */
const sessionRef = {
  sessionId: SessionId,
  flowId: FlowId,
  flowVersion: z.number().int().positive(),
};

export const Utm = z.object({
  source: z.string().max(200).optional(),
  medium: z.string().max(200).optional(),
  campaign: z.string().max(200).optional(),
  term: z.string().max(200).optional(),
  content: z.string().max(200).optional(),
});

export const SessionContext = z.object({
  embedMode: z.enum(EMBED_MODES),
  pageUrl: z.string().max(2048).optional(),
  referrer: z.string().max(2048).optional(),
  utm: Utm.optional(),
  locale: z.string().max(35).optional(),
  device: z.enum(['mobile', 'tablet', 'desktop']).optional(),
});

export const SessionStartedEvent = z.object({
  ...cloudEventEnvelope,
  type: z.literal('reelback.session.started'),
  data: z.object({ ...sessionRef, context: SessionContext }),
});

export const StepViewedEvent = z.object({
  ...cloudEventEnvelope,
  type: z.literal('reelback.step.viewed'),
  data: z.object({ ...sessionRef, stepId: Slug }),
});

export const VideoProgressedEvent = z.object({
  ...cloudEventEnvelope,
  type: z.literal('reelback.video.progressed'),
  data: z.object({
    ...sessionRef,
    stepId: Slug,
    percent: z.union([z.literal(25), z.literal(50), z.literal(75), z.literal(100)]),
  }),
});

export const ChoiceSelectedEvent = z.object({
  ...cloudEventEnvelope,
  type: z.literal('reelback.choice.selected'),
  data: z.object({ ...sessionRef, stepId: Slug, optionId: Slug, nextStepId: Slug.nullable() }),
});

export const AnswerSubmittedEvent = z.object({
  ...cloudEventEnvelope,
  type: z.literal('reelback.answer.submitted'),
  data: z.object({ ...sessionRef, stepId: Slug, answer: AnswerValue, nextStepId: Slug.nullable() }),
});

export const CtaClickedEvent = z.object({
  ...cloudEventEnvelope,
  type: z.literal('reelback.cta.clicked'),
  data: z.object({ ...sessionRef, stepId: Slug, url: z.string().max(2048), nextStepId: Slug.nullable() }),
});

export const SessionCompletedEvent = z.object({
  ...cloudEventEnvelope,
  type: z.literal('reelback.session.completed'),
  data: z.object({ ...sessionRef, endStepId: Slug }),
});

export const ViewerEvent = z.discriminatedUnion('type', [
  SessionStartedEvent,
  StepViewedEvent,
  VideoProgressedEvent,
  ChoiceSelectedEvent,
  AnswerSubmittedEvent,
  CtaClickedEvent,
  SessionCompletedEvent,
]);

export type SessionContext = z.infer<typeof SessionContext>;
export type ViewerEvent = z.infer<typeof ViewerEvent>;
export type ViewerEventOf<T extends ViewerEvent['type']> = Extract<ViewerEvent, { type: T }>;
