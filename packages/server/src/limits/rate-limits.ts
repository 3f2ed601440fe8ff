import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import type { LimiterOptions, RateLimits } from '../ports/rate-limits.js';

/** Counts in this process's memory: enough for one process (SQLite, tests). */
export const MEMORY_RATE_LIMITS: RateLimits = {
  limiter: (options: LimiterOptions) => new RateLimiterMemory(options),
  shared: false,
};

/** The table migration 0026 makes on PostgreSQL (rate-limiter-flexible's own layout: key, points, expire). */
export const RATE_LIMITS_TABLE = 'rate_limits';

/**
 * Counts in PostgreSQL (rate-limiter-flexible's `RateLimiterPostgres`: one upsert per call), so every web process
 * spends from one budget. The table comes from a migration, in the schema the storage's connections use; expired
 * rows are swept hourly.
 */
export function postgresRateLimits(pool: pg.Pool): RateLimits {
  return {
    shared: true,
    limiter: (options: LimiterOptions) =>
      new RateLimiterPostgres({ storeClient: pool, storeType: 'pool', tableName: RATE_LIMITS_TABLE, tableCreated: true, ...options }),
  };
}
