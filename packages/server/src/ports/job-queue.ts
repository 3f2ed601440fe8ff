export interface EnqueueOptions {
  /** At most one job per queue and key exists at a time, whatever its state: enqueueing again is a no-op. */
  singletonKey?: string;
  /** Tries before the job is marked failed (default 5). */
  maxAttempts?: number;
  /** Waits this long before the first try. */
  delaySeconds?: number;
}

export interface JobContext {
  id: string;
  /** 1 on the first try. */
  attempt: number;
  /** True on the try after which a failure is final: the handler may record why before rethrowing. */
  isLastAttempt: boolean;
  /** Aborted when the queue stops, or when this worker lost its lease and another may run the job. */
  signal: AbortSignal;
}

export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

export interface WorkOptions {
  /** Jobs of this queue that one process runs at once (default 1). */
  concurrency?: number;
}

export type JobState = 'queued' | 'active' | 'completed' | 'failed';

export interface JobStatus {
  id: string;
  queue: string;
  state: JobState;
  attempts: number;
  lastError: string | null;
}

/**
 * Background work that survives restarts: a job is claimed with a lease, retried with backoff when its
 * handler throws, kept with its error when it has failed for good, and run again after its lease runs out
 * when the worker that held it died. Handlers must therefore be safe to run again on the same payload.
 */
export interface JobQueue {
  /** Resolves the job's id, or `null` when a job with the same singleton key exists. */
  enqueue(queue: string, payload: unknown, options?: EnqueueOptions): Promise<string | null>;
  /** Registers the handler of a queue; call before `start`. */
  work(queue: string, handler: JobHandler, options?: WorkOptions): void;
  /** Begins claiming jobs. */
  start(): Promise<void>;
  /** Stops claiming, aborts running handlers' signals and waits for them to settle. */
  stop(): Promise<void>;
  status(id: string): Promise<JobStatus | undefined>;
  /**
   * Makes a job that has not finished never run (again): a queued one is dropped from the line, a running one loses
   * its lease (its handler's signal is aborted at the next heartbeat, and what it reports is ignored). Its status
   * becomes `failed` with `cancelled`. Resolves false when there is no such job or it had finished.
   */
  cancel(id: string): Promise<boolean>;
}
