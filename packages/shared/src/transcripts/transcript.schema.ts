import * as z from 'zod';

export const TranscriptEngine = z.enum(['whisper', 'pocketsphinx', 'openai-compatible']);

export const TranscriptWord = z.object({
  text: z.string(),
  /** Seconds from the start of the clip. */
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  /** 0–1, when the engine gives one. */
  confidence: z.number().min(0).max(1).optional(),
});

export const TranscriptSegment = z.object({
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  text: z.string(),
  words: z.array(TranscriptWord).optional(),
});

/** What an engine heard in one clip. */
export const TranscriptionResult = z.object({
  engine: TranscriptEngine,
  /** The model file or name the engine used, e.g. `ggml-base.en.bin`, `en-us (pocketsphinx)`. */
  model: z.string(),
  /** ISO 639-1 code, detected or fixed; null when the engine cannot say. */
  language: z.string().nullable(),
  /** Length of the audio transcribed, in seconds. */
  durationSeconds: z.number().nonnegative(),
  segments: z.array(TranscriptSegment),
  text: z.string(),
});

export type TranscriptEngine = z.infer<typeof TranscriptEngine>;
export type TranscriptWord = z.infer<typeof TranscriptWord>;
export type TranscriptSegment = z.infer<typeof TranscriptSegment>;
export type TranscriptionResult = z.infer<typeof TranscriptionResult>;

export const TranscriptStatus = z.enum(['queued', 'ready', 'failed']);

/** A clip's transcript as the API serves it. */
export const TranscriptInfo = z.object({
  clipId: z.string(),
  status: TranscriptStatus,
  engine: TranscriptEngine.nullable(),
  /** Said plainly when the engine is less accurate (PocketSphinx). */
  accuracyNote: z.string().nullable(),
  model: z.string().nullable(),
  language: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  processingSeconds: z.number().nullable(),
  text: z.string().nullable(),
  segments: z.array(TranscriptSegment),
  /** Set once an owner edited it; the engine's own version stays in `original`. */
  editedAt: z.iso.datetime().nullable(),
  original: z.object({ text: z.string(), segments: z.array(TranscriptSegment) }).nullable(),
  /** Why it failed, or what the queue last said. */
  error: z.string().nullable(),
  job: z
    .object({ state: z.enum(['queued', 'active', 'completed', 'failed']), attempts: z.number().int(), lastError: z.string().nullable() })
    .nullable(),
});

export const TranscriptEdit = z.object({
  segments: z.array(TranscriptSegment.pick({ start: true, end: true, text: true })).min(1).max(5000),
});

export const TranscriptSearchHit = z.object({
  clipId: z.string(),
  sessionId: z.string(),
  text: z.string(),
});

export type TranscriptStatus = z.infer<typeof TranscriptStatus>;
export type TranscriptInfo = z.infer<typeof TranscriptInfo>;
export type TranscriptEdit = z.infer<typeof TranscriptEdit>;
export type TranscriptSearchHit = z.infer<typeof TranscriptSearchHit>;
