import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../kysely/schema.js';
import { TurnBatch } from '../../turn-batch.js';

interface Job {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for SQLite. Writes queued in the same turn of the event loop run in ONE transaction, each in a
 * savepoint of its own, and are acknowledged after its single commit: one fsync for many requests, so
 * `synchronous=FULL` durability costs little under load. A write that throws rolls back only its savepoint.
 *
 * The work runs synchronously on better-sqlite3 while Kysely's connection is held, so no Kysely query
 * (which awaits between statements) can interleave with it.
 */
export class SqliteGroupCommit {
  private readonly batch = new TurnBatch<Job>((jobs) => this.flush(jobs));

  constructor(
    private readonly kysely: Kysely<Database>,
    private readonly database: SQLite.Database,
  ) {}

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => this.batch.add({ work, resolve: resolve as (value: unknown) => void, reject }));
  }

  private async flush(jobs: Job[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await this.kysely.connection().execute(async () => {
        this.database
          .transaction(() => {
            for (const job of jobs) {
              try {
                // A nested better-sqlite3 transaction is a savepoint: a failing job undoes only itself.
                outcomes.push({ ok: true, value: this.database.transaction(job.work)() });
              } catch (error) {
                outcomes.push({ ok: false, error });
              }
            }
          })
          .immediate();
      });
    } catch (error) {
      // The commit itself failed: nothing of this group is stored, and every caller hears so.
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
}
