import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { MEMORY_RATE_LIMITS } from '../limits/rate-limits.js';
import type { RateLimits } from '../ports/rate-limits.js';

export interface AccountDelaySettings {
  /** Failures of one e-mail, from any addresses, before delays start. */
  freeFailures: number;
  /** The window failures are counted in (from the first). */
  windowSeconds: number;
  /** The wait after the first failure past the free ones; each further failure doubles it. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
}

/**
 * The per-(e-mail, address) throttle allows 10 failures in 15 minutes from each address, so an attacker rotating
 * addresses multiplies guesses. Per e-mail: 10 failures an hour go free, then every failure makes the account wait
 * 15 s, 30 s, 1 min … up to 15 min before the next try: a few guesses an hour, while the owner is kept out for
 * minutes at a time at worst. Unknown e-mails count too, so the answers do not tell which e-mails have accounts.
 */
export const DEFAULT_ACCOUNT_DELAY: AccountDelaySettings = { freeFailures: 10, windowSeconds: 60 * 60, firstDelaySeconds: 15, maxDelaySeconds: 15 * 60 };

/** A growing wait per account after repeated failures (rate-limiter-flexible counters: `limits` keeps them). */
export class AccountDelay {
  private readonly failures: RateLimiterAbstract;
  private readonly waits: RateLimiterAbstract;

  constructor(
    private readonly settings: AccountDelaySettings = DEFAULT_ACCOUNT_DELAY,
    limits: RateLimits = MEMORY_RATE_LIMITS,
  ) {
    this.failures = limits.limiter({ keyPrefix: 'account-failures', points: 1, duration: settings.windowSeconds });
    // `block` marks a key spent for a given time; get() then tells how long is left.
    this.waits = limits.limiter({ keyPrefix: 'account-wait', points: 1, duration: 1 });
  }

  /** Seconds before this e-mail may try again; 0: now. */
  async retryAfter(email: string): Promise<number> {
    const wait = await this.waits.get(email);
    if (!wait || wait.consumedPoints <= 1 || wait.msBeforeNext <= 0) return 0;
    return Math.ceil(wait.msBeforeNext / 1000);
  }

  async failed(email: string): Promise<void> {
    const { consumedPoints } = await this.failures.penalty(email);
    const over = consumedPoints - this.settings.freeFailures;
    if (over <= 0) return;
    const seconds = Math.min(this.settings.maxDelaySeconds, this.settings.firstDelaySeconds * 2 ** (over - 1));
    // Past the free ones the count lasts a window from the latest failure, not the first: waiting out the window
    // between slow guesses must not bring the free ones back.
    await this.failures.set(email, consumedPoints, this.settings.windowSeconds);
    await this.waits.block(email, seconds);
  }

  async succeeded(email: string): Promise<void> {
    await this.failures.delete(email);
    await this.waits.delete(email);
  }
}
