import type { Context } from 'hono';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { apiError } from '../http/api-error.js';
import { MEMORY_RATE_LIMITS } from '../limits/rate-limits.js';
import type { RateLimits } from '../ports/rate-limits.js';

export interface PerKeyLimit {
  /** Runs `inner` unless `key` used up its requests in the window; then answers 429 with Retry-After. */
  run(c: Context, key: string, inner: () => Promise<Response>): Promise<Response>;
}

/**
 * A fixed-window request limit per key (a session, a clip), counted by rate-limiter-flexible: in memory for one
 * process, in the database on PostgreSQL (`limits`), so a load balancer spreading a clip's requests over several
 * processes does not multiply its budget.
 */
export function perKeyLimit(options: { limit: number; windowMs: number; what: string }, limits: RateLimits = MEMORY_RATE_LIMITS): PerKeyLimit {
  const windowSeconds = Math.max(1, Math.round(options.windowMs / 1000));
  const limiter = limits.limiter({ keyPrefix: `per-key ${options.what}`, points: options.limit, duration: windowSeconds });
  return {
    async run(c, key, inner) {
      try {
        await limiter.consume(key);
      } catch (reason) {
        if (!(reason instanceof RateLimiterRes)) throw reason;
        const seconds = Math.max(1, Math.ceil(reason.msBeforeNext / 1000));
        c.header('Retry-After', String(seconds));
        c.header('RateLimit-Limit', String(options.limit));
        c.header('RateLimit-Remaining', '0');
        c.header('RateLimit-Reset', String(seconds));
        // Readable from the page that asked (a widget on another origin), or the browser would report a network
        // error instead of a 429 to wait out; routes that answer for themselves (tus) add no CORS headers of their own.
        const origin = c.req.header('origin');
        if (origin) {
          c.header('Access-Control-Allow-Origin', origin);
          c.header('Access-Control-Expose-Headers', 'Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset');
          c.header('Vary', 'Origin');
        }
        return c.json(apiError('rate-limited', `Too many ${options.what}: at most ${options.limit} per ${windowSeconds} s. Wait and try again.`), 429);
      }
      return inner();
    },
  };
}
