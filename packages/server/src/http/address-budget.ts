import type { Context } from 'hono';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { MEMORY_RATE_LIMITS } from '../limits/rate-limits.js';
import type { RateLimits } from '../ports/rate-limits.js';
import { errorResponse } from './api-error.js';
import { clientAddress } from './client-address.js';

export interface Budget {
  points: number;
  durationSeconds: number;
}

/**
 * Requests of one kind per client address (rate-limiter-flexible: `limits` keeps the counts, in the database on
 * PostgreSQL so every process spends from one budget): when the address has
 * spent its budget, 429 with Retry-After, before the handler runs.
 */
export class AddressBudget {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    private readonly budget: Budget,
    private readonly what: string,
    limits: RateLimits = MEMORY_RATE_LIMITS,
  ) {
    this.limiter = limits.limiter({ keyPrefix: what, points: budget.points, duration: budget.durationSeconds });
  }

  async run(c: Context, inner: () => Promise<Response>): Promise<Response> {
    try {
      await this.limiter.consume(clientAddress(c));
    } catch (reason) {
      if (!(reason instanceof RateLimiterRes)) throw reason;
      const seconds = Math.max(1, Math.ceil(reason.msBeforeNext / 1000));
      c.header('Retry-After', String(seconds));
      return errorResponse(c, 429, 'rate-limited', `too many ${this.what} from this address: at most ${this.budget.points} in ${this.budget.durationSeconds} s; try again in ${seconds} s`);
    }
    return inner();
  }
}
