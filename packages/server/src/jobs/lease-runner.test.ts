import { describe, expect, it } from 'vitest';
import { waitFor } from '../test-support/job-queue.contract.js';
import { resolveTiming } from './job-runtime.js';
import { type LeaseBackend, type LeasedJob, LeaseRunner } from './lease-runner.js';

/**
 * A backend with no I/O at all, like the SQLite table queue (better-sqlite3 answers synchronously; Kysely wraps it
 * in resolved promises): the worst case for starving the event loop.
 */
function syncBackend(total: number) {
  let next = 0;
  const claims: number[] = [];
  let completed = 0;
  const backend: LeaseBackend<LeasedJob> = {
    async claim(queue, limit) {
      claims.push(limit);
      const jobs: LeasedJob[] = [];
      while (jobs.length < limit && next < total) jobs.push({ id: String(++next), queue, payload: null, attempt: 1, isLastAttempt: false });
      return jobs;
    },
    renew: async () => true,
    complete: async () => {
      completed += 1;
      return true;
    },
    fail: async () => true,
    release: async () => true,
  };
  return { backend, claims, completed: () => completed };
}

describe('LeaseRunner', () => {
  it('lets timers and I/O run between jobs that finish without I/O', async () => {
    const total = 3000;
    const { backend, claims, completed } = syncBackend(total);
    const runner = new LeaseRunner(backend, resolveTiming({ pollIntervalMs: 60_000 }, { leaseSeconds: 60 }));
    runner.work('q', async () => {}, { concurrency: 100 });
    // Each firing records how many jobs were done by then: a runner that chains jobs in microtasks runs all of
    // them before the first timer fires.
    const seenAt: number[] = [];
    const ticker = setInterval(() => seenAt.push(completed()), 0);
    try {
      runner.start();
      await waitFor('every job completed', () => completed() === total);
    } finally {
      clearInterval(ticker);
      await runner.stop();
    }
    const during = seenAt.filter((n) => n > 0 && n < total);
    expect(during.length, `timer firings saw ${JSON.stringify(seenAt.slice(0, 20))}… completed jobs`).toBeGreaterThan(5);
    void claims;
  });
});
