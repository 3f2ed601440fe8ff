import * as z from 'zod';
import { ClipId, ClipKind } from '../clips/clip.schema.js';
import { Slug } from '../flow/flow.schema.js';
import { TranscriptEngine } from '../transcripts/transcript.schema.js';
import { cloudEventEnvelope, FlowId, SessionId, ViewerEvent } from './viewer-event.schema.js';

const clipRef = {
  sessionId: SessionId,
  flowId: FlowId,
  flowVersion: z.number().int().positive(),
  stepId: Slug,
  clipId: ClipId,
  kind: ClipKind,
};

export const ClipUploadedEvent = z.object({
  ...cloudEventEnvelope,
  type: z.literal('reelback.clip.uploaded'),
  data: z.object({
    ...clipRef,
    sizeBytes: z.number().int().nonnegative(),
    /** What ffprobe found inside, e.g. `matroska,webm`; never the name the browser gave. */
    container: z.string(),
    durationSeconds: z.number().nonnegative(),
  }),
});

export const ClipProcessedEvent = z.object({
  ...cloudEventEnvelope,
  type: z.literal('reelback.clip.processed'),
  data: z.object({
    ...clipRef,
    durationSeconds: z.number().nonnegative(),
    sizeBytes: z.number().int().nonnegative(),
    width: z.number().int().positive().nullable(),
    height: z.number().int().positive().nullable(),
  }),
});

export const ClipFailedEvent = z.object({
  ...cloudEventEnvelope,
  type: z.literal('reelback.clip.failed'),
  data: z.object({
    ...clipRef,
    /** `check`: the upload is not a usable recording; `processing`: normalisation gave up after its retries. */
    stage: z.enum(['check', 'processing']),
    reason: z.string(),
  }),
});

export const TranscriptReadyEvent = z.object({
  ...cloudEventEnvelope,
  type: z.literal('reelback.transcript.ready'),
  data: z.object({
    ...clipRef,
    engine: TranscriptEngine,
    model: z.string(),
    language: z.string().nullable(),
    /** The transcript's text (its timed segments are at GET /api/v1/clips/{clipId}/transcript). */
    text: z.string(),
    durationSeconds: z.number().nonnegative(),
    processingSeconds: z.number().nonnegative(),
  }),
});

export const TranscriptFailedEvent = z.object({
  ...cloudEventEnvelope,
  type: z.literal('reelback.transcript.failed'),
  data: z.object({ ...clipRef, reason: z.string() }),
});

export const ServerEvent = z.discriminatedUnion('type', [
  ClipUploadedEvent,
  ClipProcessedEvent,
  ClipFailedEvent,
  TranscriptReadyEvent,
  TranscriptFailedEvent,
]);

export type ServerEvent = z.infer<typeof ServerEvent>;
export type ServerEventOf<T extends ServerEvent['type']> = Extract<ServerEvent, { type: T }>;

/** Any event a session's history may hold: what the viewer did and what the server did with it. */
export const ReelbackEvent = z.union([ViewerEvent, ServerEvent]);
export type ReelbackEvent = z.infer<typeof ReelbackEvent>;
