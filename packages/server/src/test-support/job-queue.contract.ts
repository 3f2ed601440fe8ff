import type { JobContext, JobQueue } from '../ports/job-queue.js';
import { expect, it } from 'vitest';
import type { JobQueueEvent, JobQueueTiming } from '../jobs/job-runtime.js';

/** A queue instance under test: the port plus the test-only "this process died" switch. */
export type TestQueue = JobQueue & { abandonForTesting(): void | Promise<void> };
export type Timing = Omit<JobQueueTiming, 'onEvent'>;

export interface OpenedQueues {
  /** A queue instance ("a worker process") on this test's database; `label` names it in the events. */
  create(label: string, timing?: Timing): TestQueue;
  /** Makes the job's current claim stale, as if another worker had taken the job over. */
  stealLease(id: string): Promise<void>;
  /** Makes the job's current lease run out now (its deadline in the past), as time would after a worker died. */
  expireLease(id: string): Promise<void>;
  dispose(): Promise<void>;
}

export interface JobQueueAdapterUnderTest {
  name: string;
  /** A well-formed id no job has. */
  unknownId: string;
  /** A fresh database for one test. */
  open(onEvent: (label: string, event: JobQueueEvent) => void): Promise<OpenedQueues>;
}

/** Short enough for a quick suite; pg-boss counts leases in whole seconds. */
export const FAST: Required<Timing> = { leaseSeconds: 1, pollIntervalMs: 50, retryBaseSeconds: 0.1, retryMaxSeconds: 0.4 };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/**
 * The port's behaviour, for every adapter: call inside a `describe` per adapter
 * (`describe.each(adapters)('JobQueue: $name', jobQueueContract)`).
 */
export function jobQueueContract(adapter: JobQueueAdapterUnderTest): void {
  interface Fixture {
    db: OpenedQueues;
    ofType<T extends JobQueueEvent['type']>(type: T, label?: string): { label: string; event: Extract<JobQueueEvent, { type: T }> }[];
  }

  /**
   * Each test opens its own database and runs beside the others (`it.concurrent`): most of the suite's time is
   * spent waiting for leases and backoffs to run out.
   */
  const test = (name: string, body: (fixture: Fixture) => Promise<void>) =>
    it.concurrent(name, async () => {
      const events: { label: string; event: JobQueueEvent }[] = [];
      const db = await adapter.open((label, event) => events.push({ label, event }));
      const ofType = <T extends JobQueueEvent['type']>(type: T, label?: string) =>
        events.filter((e) => e.event.type === type && (label === undefined || e.label === label)) as {
          label: string;
          event: Extract<JobQueueEvent, { type: T }>;
        }[];
      try {
        await body({ db, ofType });
      } finally {
        await db.dispose();
      }
      // Background errors (lost connections, failed polls) must not go unnoticed.
      expect(ofType('error').map((e) => e.event)).toEqual([]);
    });

  const statusOf = async (queue: JobQueue, id: string) => (await queue.status(id))?.state;

  test('runs a job once, with its payload and first-attempt context', async ({ db }) => {
    const queue = db.create('w');
    const seen: { payload: unknown; context: JobContext }[] = [];
    queue.work('mail', async (payload, context) => {
      seen.push({ payload, context });
    });
    await queue.start();
    const id = await queue.enqueue('mail', { to: 'ada@example.com', n: 1 });
    expect(id).toEqual(expect.any(String));
    await waitFor('completion', async () => (await statusOf(queue, id!)) === 'completed');
    await sleep(150); // long enough (three polls) for a second, wrong run to show
    expect(seen).toHaveLength(1);
    expect(seen[0]!.payload).toEqual({ to: 'ada@example.com', n: 1 });
    expect(seen[0]!.context).toMatchObject({ id, attempt: 1, isLastAttempt: false });
    expect(seen[0]!.context.signal.aborted).toBe(false);
    expect(await queue.status(id!)).toEqual({ id, queue: 'mail', state: 'completed', attempts: 1, lastError: null });
    expect(await queue.status(adapter.unknownId)).toBeUndefined();
    expect(await queue.status('not an id')).toBeUndefined();
  });

  test('cancels a queued job (it never runs) and a running one (its signal aborts, its result is ignored)', async ({ db }) => {
    const queue = db.create('w');
    const ran: string[] = [];
    const running = gate();
    let aborted = false;
    queue.work('later', async (payload) => {
      ran.push(String((payload as { n: number }).n));
    });
    queue.work('long', async (_payload, context) => {
      running.open();
      await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve(), { once: true }));
      aborted = true;
    });
    await queue.start();
    const queued = (await queue.enqueue('later', { n: 1 }, { delaySeconds: 0.3 }))!;
    expect(await queue.cancel(queued)).toBe(true);
    expect(await queue.status(queued)).toMatchObject({ state: 'failed', lastError: 'cancelled' });
    const active = (await queue.enqueue('long', {}))!;
    await running.opened;
    expect(await queue.cancel(active)).toBe(true);
    await waitFor('the handler to see its lease gone', () => aborted);
    // A job enqueued after the cancelled one runs, so the queue has passed the cancelled one's time.
    const next = (await queue.enqueue('later', { n: 2 }, { delaySeconds: 0.4 }))!;
    await waitFor('the next job', async () => (await statusOf(queue, next)) === 'completed');
    expect(ran).toEqual(['2']);
    expect(await queue.status(active)).toMatchObject({ state: 'failed', lastError: 'cancelled' });
    expect(await queue.cancel(next)).toBe(false);
    expect(await queue.cancel(adapter.unknownId)).toBe(false);
    expect(await queue.cancel('not an id')).toBe(false);
  });

  test('waits delaySeconds before the first try', async ({ db }) => {
    const queue = db.create('w');
    let ranAt: number | undefined;
    queue.work('later', async () => {
      ranAt = performance.now();
    });
    await queue.start();
    const enqueuedAt = performance.now();
    const id = (await queue.enqueue('later', {}, { delaySeconds: 0.4 }))!;
    expect(await queue.status(id)).toMatchObject({ state: 'queued', attempts: 0 });
    await waitFor('the delayed run', () => ranAt);
    expect(ranAt! - enqueuedAt).toBeGreaterThanOrEqual(390);
  });

  test('keeps to the concurrency limit of each queue', async ({ db }) => {
    const queue = db.create('w');
    let running = 0;
    let most = 0;
    queue.work(
      'transcode',
      async () => {
        running += 1;
        most = Math.max(most, running);
        await sleep(120);
        running -= 1;
      },
      { concurrency: 2 },
    );
    await queue.start();
    const ids = await Promise.all(Array.from({ length: 6 }, (_, n) => queue.enqueue('transcode', { n })));
    await waitFor('all six done', async () => (await Promise.all(ids.map((id) => statusOf(queue, id!)))).every((s) => s === 'completed'));
    expect(most).toBe(2);
  });

  test('retries a failing job with growing delays until it succeeds, counting attempts', async ({ db, ofType }) => {
    const queue = db.create('w');
    const tries: { attempt: number; at: number; isLastAttempt: boolean }[] = [];
    queue.work('flaky', async (_payload, { attempt, isLastAttempt }) => {
      tries.push({ attempt, at: performance.now(), isLastAttempt });
      if (attempt < 3) throw new Error(`boom ${attempt}`);
    });
    await queue.start();
    const id = (await queue.enqueue('flaky', null, { maxAttempts: 4 }))!;
    await waitFor('completion', async () => (await statusOf(queue, id)) === 'completed');
    expect(tries.map((t) => t.attempt)).toEqual([1, 2, 3]);
    expect(tries.every((t) => !t.isLastAttempt)).toBe(true);
    // Equal jitter: the wait after try n is between half and all of min(0.4, 0.1·2^(n-1)) seconds.
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(45);
    expect(tries[2]!.at - tries[1]!.at).toBeGreaterThanOrEqual(95);
    expect(tries[2]!.at - tries[0]!.at).toBeLessThan(3_000);
    expect(await queue.status(id)).toMatchObject({ state: 'completed', attempts: 3 });
    expect(ofType('retry-scheduled').map((e) => e.event)).toEqual([
      expect.objectContaining({ id, attempt: 1, error: expect.stringContaining('boom 1') }),
      expect.objectContaining({ id, attempt: 2, error: expect.stringContaining('boom 2') }),
    ]);
  });

  test('fails for good after maxAttempts, keeping the last error; isLastAttempt only on the last try', async ({ db, ofType }) => {
    const queue = db.create('w');
    const lastFlags: boolean[] = [];
    queue.work('doomed', async (_payload, { attempt, isLastAttempt }) => {
      lastFlags.push(isLastAttempt);
      throw new Error(`nope #${attempt}`);
    });
    await queue.start();
    const id = (await queue.enqueue('doomed', { x: 1 }, { maxAttempts: 3 }))!;
    await waitFor('failure', async () => (await statusOf(queue, id)) === 'failed');
    await sleep(150);
    expect(lastFlags).toEqual([false, false, true]);
    const status = (await queue.status(id))!;
    expect(status).toMatchObject({ state: 'failed', attempts: 3 });
    expect(status.lastError).toMatch(/^Error: nope #3\n\s+at /);
    expect(ofType('failed')).toHaveLength(1);
  });

  test('enqueues one job per singleton key and queue, whatever its state', async ({ db }) => {
    const queue = db.create('w');
    const runs: unknown[] = [];
    queue.work('normalise', async (payload) => {
      runs.push(payload);
    });
    const first = await queue.enqueue('normalise', { clip: 'a' }, { singletonKey: 'clip-a' });
    expect(first).toEqual(expect.any(String));
    expect(await queue.enqueue('normalise', { clip: 'a', again: true }, { singletonKey: 'clip-a' })).toBeNull();
    const other = await queue.enqueue('normalise', { clip: 'b' }, { singletonKey: 'clip-b' });
    expect(other).toEqual(expect.any(String));
    expect(await queue.enqueue('transcribe', { clip: 'a' }, { singletonKey: 'clip-a' })).toEqual(expect.any(String));
    await queue.start();
    await waitFor('both done', async () => (await statusOf(queue, first!)) === 'completed' && (await statusOf(queue, other!)) === 'completed');
    expect(await queue.enqueue('normalise', { clip: 'a', later: true }, { singletonKey: 'clip-a' })).toBeNull();
    await sleep(100);
    expect(runs).toEqual(expect.arrayContaining([{ clip: 'a' }, { clip: 'b' }]));
    expect(runs).toHaveLength(2);
  });

  test('keeps a job across a restart: enqueued by one instance, run by the next', async ({ db }) => {
    const before = db.create('before');
    before.work('export', async () => {
      throw new Error('the first process must not run it');
    });
    // Not started: this process only enqueues, like an API process.
    const id = (await before.enqueue('export', { flow: 'demo' }))!;
    await before.stop();

    const after = db.create('after');
    const runs: unknown[] = [];
    after.work('export', async (payload) => {
      runs.push(payload);
    });
    await after.start();
    await waitFor('completion', async () => (await statusOf(after, id)) === 'completed');
    expect(runs).toEqual([{ flow: 'demo' }]);
  });

  test('stop() aborts running handlers, waits for them, and hands their jobs back for a restart to run at once', async ({ db, ofType }) => {
    // A lease far longer than the test may last: the job can only run again because stop() handed it back.
    const first = db.create('first', { ...FAST, leaseSeconds: 600 });
    const started = gate();
    let settled = false;
    first.work('long', async (_payload, { signal }) => {
      started.open();
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      await sleep(50); // cleaning up takes a moment: stop() must wait for it
      settled = true;
      throw new Error('aborted');
    });
    await first.start();
    const id = (await first.enqueue('long', {}))!;
    await started.opened;
    await first.stop();
    expect(settled).toBe(true);
    expect(ofType('released-on-stop', 'first')).toHaveLength(1);
    expect(ofType('failed')).toEqual([]);

    const second = db.create('second', { ...FAST, leaseSeconds: 600 });
    // Handed back: queued again, and the interrupted try is not counted.
    expect(await second.status(id)).toMatchObject({ state: 'queued', attempts: 0, lastError: null });
    const attempts: number[] = [];
    second.work('long', async (_payload, { attempt }) => {
      attempts.push(attempt);
    });
    await second.start();
    await waitFor('completion on the restarted worker', async () => (await statusOf(second, id)) === 'completed');
    expect(attempts).toEqual([1]);
  });

  test('runs the job of a worker that died on another worker after the lease, and ignores the dead one’s late outcome', async ({ db, ofType }) => {
    const completions: string[] = [];
    const releaseA = gate();
    const releaseB = gate();
    let contextB: JobContext | undefined;

    const a = db.create('A');
    a.work('clip', async () => {
      await releaseA.opened; // never settles while A is "alive"
      completions.push('A');
    });
    await a.start();
    const id = (await a.enqueue('clip', { clip: 'c1' }))!;
    await waitFor('A to claim it', () => ofType('claimed', 'A').length === 1);
    await a.abandonForTesting(); // A's process dies: no heartbeat, no stop

    const b = db.create('B');
    let runsOfB = 0;
    b.work('clip', async (_payload, context) => {
      runsOfB += 1;
      contextB = context;
      await releaseB.opened;
      completions.push('B');
    });
    await b.start();
    await waitFor('B to take over after A’s lease', () => contextB, 10_000);
    expect(contextB!.attempt).toBe(2);

    // B's heartbeat keeps its lease past the lease time: nobody (B itself included) claims the job again.
    await sleep(FAST.leaseSeconds * 1000 * 1.6);
    expect(runsOfB).toBe(1);
    expect(contextB!.signal.aborted).toBe(false);

    // A wakes up (a stalled process) and finishes: its completion must not end B's try.
    releaseA.open();
    await waitFor('A’s refused completion', () => ofType('lease-lost', 'A').length === 1);
    expect(ofType('lease-lost', 'A')[0]!.event).toMatchObject({ during: 'complete' });
    expect(await b.status(id)).toMatchObject({ state: 'active', attempts: 2 });

    releaseB.open();
    await waitFor('B’s completion', async () => (await statusOf(b, id)) === 'completed');
    expect(ofType('completed').map((e) => e.label)).toEqual(['B']);
    expect(await b.status(id)).toMatchObject({ state: 'completed', attempts: 2 });
    expect(completions).toEqual(['A', 'B']); // both handlers ran; only B's outcome was recorded
  });

  test('fails a job for good when the lease of its last try runs out', async ({ db, ofType }) => {
    const a = db.create('A');
    // Hangs (until the test's cleanup stops A), and its process dies meanwhile.
    a.work('clip', (_payload, { signal }) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())));
    await a.start();
    const id = (await a.enqueue('clip', {}, { maxAttempts: 1 }))!;
    await waitFor('A to claim it', () => ofType('claimed', 'A').length === 1);
    await a.abandonForTesting();
    // The lease runs out now rather than after a wall-clock second (a loaded machine stretches a second at will).
    await db.expireLease(id);

    const b = db.create('B');
    let ranOnB = false;
    b.work('clip', async () => {
      ranOnB = true;
    });
    await b.start();
    await waitFor('the failure', async () => (await statusOf(b, id)) === 'failed', 15_000);
    const status = (await b.status(id))!;
    expect(status).toMatchObject({ state: 'failed', attempts: 1 });
    expect(status.lastError).toEqual(expect.any(String));
    expect(ranOnB).toBe(false);
  });

  test('aborts the signal of a worker whose lease was taken over, and ignores its outcome', async ({ db, ofType }) => {
    const queue = db.create('w');
    let signal: AbortSignal | undefined;
    queue.work('clip', async (_payload, context) => {
      signal = context.signal;
      await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
      throw new Error('gave up after losing the lease');
    });
    await queue.start();
    const id = (await queue.enqueue('clip', {}))!;
    await waitFor('the claim', () => signal);
    await db.stealLease(id);
    await waitFor('the heartbeat to notice', () => signal!.aborted, 5_000);
    await waitFor('the lost lease to be reported', () => ofType('lease-lost').length === 1);
    expect(ofType('lease-lost')[0]!.event).toMatchObject({ id, during: 'heartbeat' });
    await sleep(100);
    // Its failure was not recorded: no retry scheduled, no failure kept.
    expect(ofType('retry-scheduled')).toEqual([]);
    expect(await queue.status(id)).toMatchObject({ state: 'active', attempts: 1, lastError: null });
  });
}
