import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * Request budgets and failure counts shared by every process on PostgreSQL (#15): login and setup-code throttles,
 * per-address and per-session/clip limits (`limits/rate-limits.ts`). The layout is rate-limiter-flexible's own for
 * `RateLimiterPostgres` (key, points, expire in epoch ms). SQLite has one process, which counts in memory: no table.
 */
export function rateLimitsMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql`create table rate_limits (key varchar(255) primary key, points integer not null default 0, expire bigint)`.execute(db);
      await sql`create index rate_limits_expire on rate_limits (expire)`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql`drop table rate_limits`.execute(db);
    },
  };
}
