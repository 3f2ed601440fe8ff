import * as z from 'zod';

/** A background step of getting Whisper ready (the model's download, whisper.cpp's build). */
export const EngineSetupStepState = z.enum(['idle', 'running', 'done', 'failed']);

/**
 * `GET /api/v1/transcription` (admins): which engine transcribes new clips now, whether a Whisper model can be
 * fetched, and how its download and whisper.cpp's build are going.
 */
export const TranscriptionEngineStatus = z.object({
  /** What transcribes new clips now; `waiting` when clips wait for Whisper (no model or no build yet); `off` when transcription is off. */
  engine: z.enum(['whisper', 'pocketsphinx', 'openai-compatible', 'waiting', 'off']),
  whisper: z.object({
    /** The Whisper model in use or configured (`base.en`), null when there is none. */
    model: z.string().nullable(),
    /** Whether whisper.cpp's `main` is built (it is built when a model is first needed). */
    built: z.boolean(),
    ready: z.boolean(),
    /** Why it is not ready, in words an admin can act on; null when ready. */
    reason: z.string().nullable(),
  }),
  /** The model a download would fetch, offered when there is no model and its source answers; null otherwise. */
  offer: z
    .object({
      model: z.string(),
      approxBytes: z.number().int().nonnegative(),
      /** Where it comes from (the origin of REELBACK_MODELS_URL). */
      source: z.string(),
    })
    .nullable(),
  download: z.object({
    state: EngineSetupStepState,
    model: z.string().nullable(),
    receivedBytes: z.number().int().nonnegative(),
    totalBytes: z.number().int().nonnegative().nullable(),
    /** `matched` the published SHA-1; `unpublished` when none is published (length and ggml magic checked). */
    checksum: z.enum(['matched', 'unpublished']).nullable(),
    error: z.string().nullable(),
  }),
  build: z.object({
    state: EngineSetupStepState,
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    /** The build's last log line. */
    lastLine: z.string().nullable(),
    error: z.string().nullable(),
  }),
});

export type EngineSetupStepState = z.infer<typeof EngineSetupStepState>;
export type TranscriptionEngineStatus = z.infer<typeof TranscriptionEngineStatus>;
