import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimits } from '../ports/rate-limits.js';
import { type FailureThrottle, LOGIN_THROTTLE, type ThrottleOptions } from './login-throttle.js';

/**
 * The login throttle when several processes share the database: failures per key counted in the `rate_limits` table
 * (rate-limiter-flexible), so ten failures spread over two web processes trip it as ten on one would. A fixed window
 * from the first failure rather than `LoginThrottle`'s sliding one: one row per key, read and written in one query.
 */
export class SharedLoginThrottle implements FailureThrottle {
  private readonly failures: RateLimiterAbstract;

  constructor(
    limits: RateLimits,
    private readonly options: ThrottleOptions = LOGIN_THROTTLE,
    keyPrefix = 'login-failures',
  ) {
    this.failures = limits.limiter({ keyPrefix, points: options.maxFailures, duration: Math.ceil(options.windowMs / 1000) });
  }

  async retryAfter(key: string): Promise<number> {
    const counted = await this.failures.get(key);
    if (!counted || counted.consumedPoints < this.options.maxFailures || counted.msBeforeNext <= 0) return 0;
    return Math.max(1, Math.ceil(counted.msBeforeNext / 1000));
  }

  async fail(key: string): Promise<void> {
    await this.failures.penalty(key);
  }

  async succeed(key: string): Promise<void> {
    await this.failures.delete(key);
  }
}
