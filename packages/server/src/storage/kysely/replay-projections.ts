import { type QueryExecutorProvider, sql } from 'kysely';
import { IN_TRANSACTION_PROJECTIONS } from '../../events/projections.js';
import { idsPlaceholder } from '../../events/projections/projection.js';
import type { Dialect } from './schema.js';

/**
 * Runs the in-transaction projections over events written straight to `events` (a bulk seed, a test's rows), as each
 * engine's event log does after its own inserts. Idempotent: events projected already are left as they are.
 */
export async function replayProjections(db: QueryExecutorProvider, dialect: Dialect, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  const ids = JSON.stringify(eventIds);
  for (const projection of IN_TRANSACTION_PROJECTIONS) {
    const [before, after] = idsPlaceholder(projection.sql[dialect]);
    await sql`${sql.raw(before)}${ids}${sql.raw(after)}`.execute(db);
  }
}
