import type { RateLimiterAbstract } from 'rate-limiter-flexible';

/** One budget: `points` per `duration` seconds for each key, counted under `keyPrefix`. */
export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
}

/**
 * Where request budgets and failure counts are kept: in this process's memory (one process: SQLite), or in the
 * database, so every process of a deployment spends from the same budget (PostgreSQL). Each is a
 * rate-limiter-flexible limiter: the same calls whatever keeps the counts.
 */
export interface RateLimits {
  limiter(options: LimiterOptions): RateLimiterAbstract;
  /** Whether other processes count into the same budgets (the database), or this process alone does (memory). */
  readonly shared: boolean;
}
