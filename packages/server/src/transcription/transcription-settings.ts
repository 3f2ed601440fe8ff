import { availableParallelism } from 'node:os';

/** The job that turns a clip's WAV into a transcript. */
export const TRANSCRIBE_CLIP_QUEUE = 'clip-transcribe';

export interface TranscriptionSettings {
  /** `auto` (detect) unless a flow fixes its own; ISO 639-1 otherwise. */
  language: string;
  /** Transcriptions at once in this process: one per core by default. */
  concurrency: number;
  /** How often a job waiting for a usable engine (e.g. a Whisper model) looks again. */
  waitForEngineMs: number;
}

export const DEFAULT_TRANSCRIPTION_SETTINGS: TranscriptionSettings = {
  language: 'auto',
  concurrency: availableParallelism(),
  waitForEngineMs: 10_000,
};
