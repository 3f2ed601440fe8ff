/** The answer-analysis job's queue (#17). */
export const ANALYSE_ANSWER_QUEUE = 'answer-analyse';

export interface AnalysisSettings {
  /** Tries of one analysis before it is marked failed (an engine that throws; 3). */
  maxAttempts: number;
  /** One analysis gives up after this long (the local engine takes milliseconds; a language model may hang: 60 s). */
  timeoutMs: number;
  /** Analyses one process runs at once (1: the local engine is CPU-bound, and shares the process with requests). */
  concurrency: number;
  /** A request pending longer than this lost its job (a crash between the request and the enqueue): the sweep queues it again. */
  stalePendingMs: number;
}

export const DEFAULT_ANALYSIS_SETTINGS: AnalysisSettings = {
  maxAttempts: 3,
  timeoutMs: 60_000,
  concurrency: 1,
  stalePendingMs: 10 * 60_000,
};
