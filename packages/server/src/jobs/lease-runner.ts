import type { JobHandler, WorkOptions } from '../ports/job-queue.js';
import { assertConcurrency, describeError, type ResolvedTiming, retryDelaySeconds } from './job-runtime.js';

/** Jobs one claim takes at most, whatever the concurrency: a claim's synchronous work stays short. */
export const MAX_CLAIM_BATCH = 32;

const turnWaiters: Array<() => void> = [];
let turnScheduled = false;

function releaseOneWaiter(): void {
  if (turnScheduled || turnWaiters.length === 0) return;
  turnScheduled = true;
  setImmediate(() => {
    turnScheduled = false;
    turnWaiters.shift()!();
    // Scheduled from the check phase, the next release comes after the next round of I/O callbacks.
    releaseOneWaiter();
  });
}

/**
 * Resolves on a later turn of the event loop, after pending I/O callbacks (requests) have run. A resolved promise
 * would not do: work that needs no I/O (on SQLite every query is synchronous) would otherwise chain in microtasks
 * for as long as there is work, and no request would be answered meanwhile. Waiters are let go one per turn, so
 * several background loops (jobs, webhook deliveries, settling) yielding at once do not all run in one turn.
 */
export const nextTurn = (): Promise<void> =>
  new Promise((resolve) => {
    turnWaiters.push(resolve);
    releaseOneWaiter();
  });

/** A job this worker holds a lease on. */
export interface LeasedJob {
  id: string;
  queue: string;
  payload: unknown;
  /** 1 on the first try. */
  attempt: number;
  isLastAttempt: boolean;
}

/**
 * What an adapter's storage must do for the runner. Every write but `claim` is guarded by the lease the
 * claim took, and answers `false` (writing nothing) when this worker no longer holds it.
 */
export interface LeaseBackend<J extends LeasedJob> {
  /** Takes up to `limit` due jobs of `queue` with a fresh lease each. */
  claim(queue: string, limit: number): Promise<J[]>;
  renew(job: J): Promise<boolean>;
  complete(job: J): Promise<boolean>;
  /** `retryInSeconds` is null when the failure is final. */
  fail(job: J, error: string, retryInSeconds: number | null): Promise<boolean>;
  /** Hands the job back, due now, as if this try had never been made (a graceful stop interrupted it). */
  release(job: J): Promise<boolean>;
}

interface QueueWorker {
  name: string;
  handler: JobHandler;
  concurrency: number;
  running: number;
  /** The poll in flight, if any; a wake-up during it asks for one more round. */
  polling: Promise<void> | undefined;
  again: boolean;
  timer: ReturnType<typeof setInterval> | undefined;
}

interface RunningJob {
  controller: AbortController;
  heartbeat: ReturnType<typeof setInterval> | undefined;
  stoppedByQueue: boolean;
  done: Promise<void>;
}

type RunnerState = 'new' | 'started' | 'stopping' | 'stopped' | 'abandoned';

/**
 * The worker half both adapters share: per-queue polling with a concurrency limit, a wake-up on local
 * enqueues, a heartbeat per running job that aborts the handler's signal when the lease is lost, retries with
 * capped exponential backoff, and a stop that waits for handlers and hands back the jobs they gave up.
 */
export class LeaseRunner<J extends LeasedJob> {
  private readonly workers = new Map<string, QueueWorker>();
  private readonly running = new Set<RunningJob>();
  private state: RunnerState = 'new';

  constructor(
    private readonly backend: LeaseBackend<J>,
    private readonly timing: ResolvedTiming,
  ) {}

  get isStarted(): boolean {
    return this.state === 'started';
  }

  work(queue: string, handler: JobHandler, options: WorkOptions = {}): void {
    if (this.state !== 'new') throw new Error(`work('${queue}') must be called before start()`);
    if (this.workers.has(queue)) throw new Error(`a handler for queue '${queue}' is registered already`);
    const concurrency = options.concurrency ?? 1;
    assertConcurrency(concurrency);
    this.workers.set(queue, { name: queue, handler, concurrency, running: 0, polling: undefined, again: false, timer: undefined });
  }

  start(): void {
    if (this.state !== 'new') throw new Error(`cannot start a job queue that is ${this.state}`);
    this.state = 'started';
    for (const worker of this.workers.values()) {
      worker.timer = setInterval(() => this.poll(worker), this.timing.pollIntervalMs);
      this.poll(worker);
    }
  }

  /** Looks for due jobs of `queue` now (after a local enqueue), if this process works that queue. */
  wake(queue: string): void {
    const worker = this.workers.get(queue);
    if (worker && this.state === 'started') this.poll(worker);
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    this.clearTimers();
    // A claim in flight finishes first, so the jobs it took are started and then aborted like the others.
    await Promise.allSettled([...this.workers.values()].map((w) => w.polling));
    for (const job of this.running) {
      job.stoppedByQueue = true;
      job.controller.abort(new Error('the job queue is stopping'));
    }
    await Promise.allSettled([...this.running].map((job) => job.done));
    this.state = 'stopped';
  }

  /**
   * For tests: behave like a worker whose process died. Polls and heartbeats stop at once; signals are not
   * aborted and nothing is awaited. A handler that settles later still tries to record its outcome, which the
   * lease guard must refuse once another worker has taken the job.
   */
  abandon(): void {
    this.state = 'abandoned';
    this.clearTimers();
  }

  private clearTimers(): void {
    for (const worker of this.workers.values()) clearInterval(worker.timer);
    for (const job of this.running) clearInterval(job.heartbeat);
  }

  private poll(worker: QueueWorker): void {
    if (worker.polling) {
      worker.again = true;
      return;
    }
    worker.polling = this.claimInto(worker).finally(() => {
      worker.polling = undefined;
    });
  }

  private async claimInto(worker: QueueWorker): Promise<void> {
    try {
      do {
        worker.again = false;
        while (this.state === 'started' && worker.running < worker.concurrency) {
          const jobs = await this.backend.claim(worker.name, Math.min(MAX_CLAIM_BATCH, worker.concurrency - worker.running));
          for (const job of jobs) this.run(worker, job);
          if (jobs.length === 0) break;
          await nextTurn();
        }
      } while (worker.again && this.state === 'started');
    } catch (error) {
      this.timing.onEvent({ type: 'error', queue: worker.name, error });
    }
  }

  private run(worker: QueueWorker, job: J): void {
    const { onEvent } = this.timing;
    const base = { queue: job.queue, id: job.id, attempt: job.attempt };
    worker.running += 1;
    onEvent({ type: 'claimed', ...base });

    const controller = new AbortController();
    let leaseLost = false;
    let renewing = false;
    const entry: RunningJob = { controller, heartbeat: undefined, stoppedByQueue: false, done: Promise.resolve() };
    entry.heartbeat = setInterval(() => {
      // (A worker abandoned while its claim was in flight is dead: no heartbeat.)
      if (renewing || leaseLost || this.state === 'abandoned') return;
      renewing = true;
      this.backend
        .renew(job)
        .then((held) => {
          if (held || leaseLost) return;
          leaseLost = true;
          clearInterval(entry.heartbeat);
          onEvent({ type: 'lease-lost', ...base, during: 'heartbeat' });
          controller.abort(new Error(`lost the lease of job ${job.id}: another worker may run it`));
        })
        .catch((error: unknown) => onEvent({ type: 'error', queue: job.queue, id: job.id, error }))
        .finally(() => {
          renewing = false;
        });
    }, (this.timing.leaseSeconds * 1000) / 3);

    entry.done = (async () => {
      let failure: { error: unknown } | undefined;
      try {
        await worker.handler(job.payload, {
          id: job.id,
          attempt: job.attempt,
          isLastAttempt: job.isLastAttempt,
          signal: controller.signal,
        });
      } catch (error) {
        failure = { error };
      }
      clearInterval(entry.heartbeat);
      if (leaseLost) return; // reported by the heartbeat; the guard would refuse the write anyway
      if (!failure) {
        if (await this.backend.complete(job)) onEvent({ type: 'completed', ...base });
        else onEvent({ type: 'lease-lost', ...base, during: 'complete' });
        return;
      }
      if (entry.stoppedByQueue) {
        // Most likely the abort we sent: not the job's fault, so no try is spent on it. The job is handed back,
        // due at once, so another worker (or this one after a restart) takes it without waiting out our lease.
        if (await this.backend.release(job)) onEvent({ type: 'released-on-stop', ...base });
        else onEvent({ type: 'lease-lost', ...base, during: 'release' });
        return;
      }
      const error = describeError(failure.error);
      const retryIn = job.isLastAttempt
        ? null
        : retryDelaySeconds(job.attempt, this.timing.retryBaseSeconds, this.timing.retryMaxSeconds);
      if (!(await this.backend.fail(job, error, retryIn))) onEvent({ type: 'lease-lost', ...base, during: 'fail' });
      else if (retryIn === null) onEvent({ type: 'failed', ...base, error });
      else onEvent({ type: 'retry-scheduled', ...base, delaySeconds: retryIn, error });
    })()
      .catch((error: unknown) => onEvent({ type: 'error', queue: job.queue, id: job.id, error }))
      .finally(() => {
        this.running.delete(entry);
        worker.running -= 1;
        // A slot is free: look for the next job on the next turn of the event loop (not in this microtask chain,
        // see nextTurn) rather than at the next poll tick.
        setImmediate(() => {
          if (this.state === 'started') this.poll(worker);
        });
      });
    this.running.add(entry);
  }
}
