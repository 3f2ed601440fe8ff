import type { TranscriptEngine, TranscriptionResult } from '@reelback/shared';

export interface TranscribeOptions {
  /** ISO 639-1 code, or `auto` to detect (the default). Engines that know one language ignore it. */
  language?: string;
  signal?: AbortSignal;
}

export type TranscriberHealth = { ok: true } | { ok: false; reason: string };

/**
 * Turns a 16 kHz mono WAV into timed text. Errors are thrown as `TranscriberError` with a plain message; a
 * `retryable: false` error (missing or corrupt model, unreadable audio) will not get better by trying again.
 */
export interface Transcriber {
  readonly engine: TranscriptEngine;
  /** Said next to its transcripts in the API and dashboard, e.g. pocketsphinx's lower accuracy. */
  readonly accuracyNote: string | null;
  /** Can it run now (binary built, model present and sound)? Reported by /readyz and at start. */
  check(): Promise<TranscriberHealth>;
  transcribe(wavPath: string, options?: TranscribeOptions): Promise<TranscriptionResult>;
}

export class TranscriberError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TranscriberError';
  }
}
