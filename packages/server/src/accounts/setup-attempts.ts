import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { MEMORY_RATE_LIMITS } from '../limits/rate-limits.js';
import type { RateLimits } from '../ports/rate-limits.js';
import type { Budget } from './login-budget.js';

export interface SetupAttemptSettings {
  /** Wrong codes one client address may send in the window. */
  perAddress: Budget;
  /** Wrong codes the whole server takes in the window, from any addresses. */
  global: Budget;
}

/**
 * Like failed logins: 10 wrong setup codes per address in 15 minutes, 100 in all. The code's 80 bits make guessing
 * hopeless anyway; the limits keep a scan from costing anything. A person locked out by someone else's flood of
 * wrong codes still has the admin key's bootstrap.
 */
export const DEFAULT_SETUP_ATTEMPTS: SetupAttemptSettings = {
  perAddress: { points: 10, durationSeconds: 15 * 60 },
  global: { points: 100, durationSeconds: 15 * 60 },
};

const waitOf = (res: RateLimiterRes | null, points: number) =>
  res && res.consumedPoints >= points ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;

/** Counts wrong setup codes per address and in all (rate-limiter-flexible: `limits` keeps the counts). */
export class SetupAttempts {
  private readonly perAddress: RateLimiterAbstract;
  private readonly global: RateLimiterAbstract;

  constructor(
    private readonly settings: SetupAttemptSettings = DEFAULT_SETUP_ATTEMPTS,
    limits: RateLimits = MEMORY_RATE_LIMITS,
  ) {
    this.perAddress = limits.limiter({ keyPrefix: 'setup-address', points: settings.perAddress.points, duration: settings.perAddress.durationSeconds });
    this.global = limits.limiter({ keyPrefix: 'setup-global', points: settings.global.points, duration: settings.global.durationSeconds });
  }

  /** Seconds before this address may try a code again; 0: now. */
  async retryAfter(address: string): Promise<number> {
    const [local, all] = await Promise.all([this.perAddress.get(address), this.global.get('all')]);
    return Math.max(waitOf(local, this.settings.perAddress.points), waitOf(all, this.settings.global.points));
  }

  async failed(address: string): Promise<void> {
    await Promise.all([this.perAddress.penalty(address), this.global.penalty('all')]);
  }
}
