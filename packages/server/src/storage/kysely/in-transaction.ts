import type { Kysely, Transaction } from 'kysely';

/** PostgreSQL's codes for a transaction it aborted so that others could go on: deadlock, serialization failure. */
const TRY_AGAIN = new Set(['40P01', '40001']);
const MAX_TRIES = 4;

/**
 * Runs `work` in one transaction. When PostgreSQL aborts it as a deadlock or a serialization failure (concurrent
 * writers — event triggers, the job queue's maintenance — may meet on the same rows), it was rolled back whole, so
 * it runs again from the start, a few times, instead of the request failing with a 500. `work` must only do
 * database work through `trx` (and pure computation): anything else would happen once per try. SQLite serialises
 * writers and never answers with these codes.
 */
export async function inTransaction<DB, T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= MAX_TRIES || typeof code !== 'string' || !TRY_AGAIN.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 15 * attempt + Math.random() * 25));
    }
  }
}
