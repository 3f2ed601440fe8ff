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
