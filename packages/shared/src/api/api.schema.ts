import * as z from 'zod';
import { FlowDefinition } from '../flow/flow.schema.js';
import { FlowProblem } from '../flow/flow-problem.schema.js';
import { EventId, FlowId, SessionContext, SessionId, ViewerEvent } from '../events/viewer-event.schema.js';
import { ReelbackEvent } from '../events/server-event.schema.js';
import { MAX_VARIABLE_LENGTH } from '../flow/rule-limits.js';

/** The most variables one session start may carry, declared or not. */
export const MAX_SESSION_VARS = 50;

/**
 * Variables a host page passes to a session. Only absurd sizes are refused here (a 400 naming the field); the
 * session keeps only what its flow declares, within each variable's `maxLength` (the rest is dropped: see `sessionVars`).
 */
export const SessionVars = z
  .record(z.string().min(1).max(64), z.string().max(MAX_VARIABLE_LENGTH, `a variable's value is at most ${MAX_VARIABLE_LENGTH} characters`))
  .refine((vars) => Object.keys(vars).length <= MAX_SESSION_VARS, { message: `at most ${MAX_SESSION_VARS} variables` });

/** Every 4xx/5xx body: a code a program can switch on, a sentence a person can read, and the fields at fault. */
export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z
      .array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string(), code: z.string().optional() }))
      .optional(),
  }),
});

export const PublishedFlow = z.object({
  flowId: FlowId,
  version: z.number().int().positive(),
  publishedAt: z.iso.datetime(),
  definition: FlowDefinition,
});

export const StartSessionRequest = z.object({
  flowId: FlowId,
  /** The version the viewer was shown; the latest published one when omitted. */
  flowVersion: z.number().int().positive().optional(),
  /** A client-made id makes a retried start idempotent. */
  sessionId: SessionId.optional(),
  context: SessionContext,
  /** The host page's variables (`data-var-*`, the element's `vars`, the page URL's query). */
  vars: SessionVars.optional(),
});

export const StartSessionResponse = z.object({
  sessionId: SessionId,
  flowId: FlowId,
  flowVersion: z.number().int().positive(),
  startStepId: z.string(),
});

export const MAX_EVENTS_PER_BATCH = 100;

export const EventBatchRequest = z.object({
  events: z.array(ViewerEvent).min(1).max(MAX_EVENTS_PER_BATCH),
});

export const EventBatchResponse = z.object({
  accepted: z.array(EventId),
  duplicates: z.array(EventId),
  rejected: z.array(z.object({ id: EventId, reason: z.string() })),
});

export const FlowDraftRequest = z.object({ definition: FlowDefinition });

export const FlowValidation = z.object({ valid: z.boolean(), problems: z.array(FlowProblem) });

export const FlowSummary = z.object({
  id: FlowId,
  name: z.string(),
  draft: FlowDefinition,
  latestVersion: z.number().int().positive().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  problems: z.array(FlowProblem),
});

export const FlowList = z.object({ flows: z.array(FlowSummary) });

export const StoredEvent = z.object({
  event: ReelbackEvent,
  receivedAt: z.iso.datetime(),
});

export const SessionRecord = z.object({
  id: SessionId,
  flowId: FlowId,
  flowVersion: z.number().int().positive(),
  startedAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  context: SessionContext,
  /** The variables the session kept: those its flow declares, as the page passed them (fallbacks not applied). */
  vars: z.record(z.string(), z.string()),
  events: z.array(StoredEvent),
});

export const SessionList = z.object({
  sessions: z.array(SessionRecord),
  nextCursor: z.string().nullable(),
});

export type ApiError = z.infer<typeof ApiError>;
export type PublishedFlow = z.infer<typeof PublishedFlow>;
export type StartSessionRequest = z.infer<typeof StartSessionRequest>;
export type StartSessionResponse = z.infer<typeof StartSessionResponse>;
export type EventBatchRequest = z.infer<typeof EventBatchRequest>;
export type EventBatchResponse = z.infer<typeof EventBatchResponse>;
export type FlowSummary = z.infer<typeof FlowSummary>;
export type FlowValidation = z.infer<typeof FlowValidation>;
export type StoredEvent = z.infer<typeof StoredEvent>;
export type SessionRecord = z.infer<typeof SessionRecord>;
export type SessionList = z.infer<typeof SessionList>;
