import * as z from 'zod';
import { ClipId, ClipKind } from '../clips/clip.schema.js';
import { Slug } from '../flow/flow.schema.js';
import { TranscriptEngine } from '../transcripts/transcript.schema.js';
import { InsightEngine, KeyPhrase, Sentiment } from '../insights/answer-analysis.schema.js';
import { AnalysedTextSource } from '../insights/answer-analysis-view.schema.js';
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

/**
 * An answer's text (typed, or its clip's transcript) was analysed (#17): stored with its result, once per text the
 * answer had. Failed analyses send none (the answer's `analysis.state` says `failed`).
 */
export const AnswerAnalyzedEvent = z.object({
  ...cloudEventEnvelope,
  type: z.literal('reelback.answer.analyzed'),
  data: z.object({
    sessionId: SessionId,
    flowId: FlowId,
    flowVersion: z.number().int().positive(),
    stepId: Slug,
    /** The `reelback.answer.submitted` event's id. */
    answerId: z.string(),
    clipId: ClipId.nullable(),
    source: AnalysedTextSource,
    state: z.enum(['analyzed', 'empty', 'unsupported-language']),
    language: z.string().nullable(),
    sentiment: Sentiment.nullable(),
    sentimentScore: z.number().min(-1).max(1).nullable(),
    /** Offsets into the analysed text (see the answer's `analysis`). */
    keyPhrases: z.array(KeyPhrase),
    engine: InsightEngine,
  }),
});

export const ServerEvent = z.discriminatedUnion('type', [
  ClipUploadedEvent,
  ClipProcessedEvent,
  ClipFailedEvent,
  TranscriptReadyEvent,
  TranscriptFailedEvent,
  AnswerAnalyzedEvent,
]);

export type ServerEvent = z.infer<typeof ServerEvent>;
export type ServerEventOf<T extends ServerEvent['type']> = Extract<ServerEvent, { type: T }>;

/** Any event a session's history may hold: what the viewer did and what the server did with it. */
export const ReelbackEvent = z.union([ViewerEvent, ServerEvent]);
export type ReelbackEvent = z.infer<typeof ReelbackEvent>;
