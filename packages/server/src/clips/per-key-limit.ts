import type { Context } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { apiError } from '../http/api-error.js';

export interface PerKeyLimit {
  /** Runs `inner` unless `key` used up its requests in the window; then answers 429 with Retry-After. */
  run(c: Context, key: string, inner: () => Promise<Response>): Promise<Response>;
}

/** A fixed-window request limit per key (a session, a clip), in memory: enough for one API process. */
export function perKeyLimit(options: { limit: number; windowMs: number; what: string }): PerKeyLimit {
  const keys = new WeakMap<Context, string>();
  const middleware = rateLimiter({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => keys.get(c) ?? 'unknown',
    handler: (c) => {
      // Readable from the page that asked (a widget on another origin), or the browser would report a network
      // error instead of a 429 to wait out; routes that answer for themselves (tus) add no CORS headers of their own.
      const origin = c.req.header('origin');
      if (origin) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Access-Control-Expose-Headers', 'Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy');
        c.header('Vary', 'Origin');
      }
      return c.json(
        apiError('rate-limited', `Too many ${options.what}: at most ${options.limit} per ${Math.round(options.windowMs / 1000)} s. Wait and try again.`),
        429,
      );
    },
  });
  return {
    async run(c, key, inner) {
      keys.set(c, key);
      let response: Response | undefined;
      const limited = await middleware(c, async () => {
        response = await inner();
      });
      return limited ?? response ?? c.res;
    },
  };
}
