/**
 * What both `JobQueue` adapters share: the retry backoff, how an error is kept, the defaults, and the
 * observation hook tests and logs use to see what a worker did with a job.
 */

export const DEFAULT_MAX_ATTEMPTS = 5;

/** Options both adapters take (the factory passes them through). */
export interface JobQueueTiming {
  /**
   * How long a claim holds without news from its worker (default 60). A heartbeat renews it every third of
   * that while the handler runs, so it bounds how long a dead worker's job waits, not how long a job may run.
   */
  leaseSeconds?: number;
  /** How often each queue looks for due jobs (default 500); enqueueing in this process wakes it at once. */
  pollIntervalMs?: number;
  /** First retry waits about this long (default 2), doubling with each try… */
  retryBaseSeconds?: number;
  /** …up to this (default 300). */
  retryMaxSeconds?: number;
  /** What the adapter did with a job (claims, outcomes, lost leases, background errors). Default: errors to console.error. */
  onEvent?: (event: JobQueueEvent) => void;
}

export type JobQueueEvent =
  | { type: 'claimed'; queue: string; id: string; attempt: number }
  | { type: 'completed'; queue: string; id: string; attempt: number }
  | { type: 'retry-scheduled'; queue: string; id: string; attempt: number; delaySeconds: number; error: string }
  | { type: 'failed'; queue: string; id: string; attempt: number; error: string }
  /** This worker no longer holds the job (its lease ran out and it may run elsewhere): its outcome was not recorded. */
  | { type: 'lease-lost'; queue: string; id: string; attempt: number; during: 'heartbeat' | 'complete' | 'fail' | 'release' }
  /**
   * The handler settled after `stop()` aborted it without completing: the job was handed back, due now and with
   * this try not counted, so a restart (or another worker) runs it at once rather than after the lease.
   */
  | { type: 'released-on-stop'; queue: string; id: string; attempt: number }
  /** Polling, heartbeats or bookkeeping failed (e.g. the database was unreachable); the queue keeps going. */
  | { type: 'error'; queue: string; id?: string; error: unknown };

export const defaultOnEvent = (event: JobQueueEvent): void => {
  if (event.type === 'error') {
    const message = event.error instanceof Error ? event.error.message : String(event.error);
    console.error(`job queue '${event.queue}'${event.id ? ` job ${event.id}` : ''}: ${message}`);
  }
};

export interface ResolvedTiming {
  leaseSeconds: number;
  pollIntervalMs: number;
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  onEvent: (event: JobQueueEvent) => void;
}

export function resolveTiming(options: JobQueueTiming, defaults: { leaseSeconds: number }): ResolvedTiming {
  const timing = {
    leaseSeconds: options.leaseSeconds ?? defaults.leaseSeconds,
    pollIntervalMs: options.pollIntervalMs ?? 500,
    retryBaseSeconds: options.retryBaseSeconds ?? 2,
    retryMaxSeconds: options.retryMaxSeconds ?? 300,
  };
  for (const [name, value] of Object.entries(timing)) {
    if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be a positive number, got ${value}`);
  }
  if (timing.retryMaxSeconds < timing.retryBaseSeconds) throw new Error('retryMaxSeconds must be at least retryBaseSeconds');
  return { ...timing, onEvent: options.onEvent ?? defaultOnEvent };
}

/**
 * Seconds to wait before the try after `attempt` (1 = the first try failed): `base·2^(attempt-1)` capped at
 * `max`, with "equal jitter" (between half of that and all of it) so failed jobs of one burst spread out.
 */
export function retryDelaySeconds(attempt: number, base: number, max: number, random: () => number = Math.random): number {
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}

/** The message and the first lines of the stack: enough to find the cause, small enough to store per try. */
export function describeError(error: unknown, stackLines = 6): string {
  if (error instanceof Error) {
    const lines = (error.stack ?? '').split('\n');
    // V8 stacks begin with "Name: message"; keep that line once, then the first frames.
    const frames = lines.filter((line) => /^\s+at /.test(line)).slice(0, stackLines);
    const head = `${error.name}: ${error.message}`;
    return frames.length > 0 ? `${head}\n${frames.join('\n')}` : head;
  }
  try {
    return `non-Error thrown: ${typeof error === 'string' ? error : JSON.stringify(error)}`;
  } catch {
    return `non-Error thrown: ${String(error)}`;
  }
}

export function assertMaxAttempts(maxAttempts: number): void {
  if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1)) throw new Error(`maxAttempts must be an integer ≥ 1, got ${maxAttempts}`);
}

export function assertConcurrency(concurrency: number): void {
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new Error(`concurrency must be an integer ≥ 1, got ${concurrency}`);
}
