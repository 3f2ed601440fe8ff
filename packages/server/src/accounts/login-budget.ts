import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { MEMORY_RATE_LIMITS } from '../limits/rate-limits.js';
import type { RateLimits } from '../ports/rate-limits.js';

export interface Budget {
  points: number;
  durationSeconds: number;
}

export interface LoginBudgetSettings {
  /** Password checks one client address may cause in the window. */
  perAddress: Budget;
  /** Password checks the whole server runs for callers without a session in the window. */
  global: Budget;
}

/**
 * Each login costs a 32 MiB scrypt. 40 per address in 10 minutes is more than an office behind one address logs in
 * (successful logins are given back), and 300 a minute in all is what one hashing thread can do without a queue
 * growing; a flood of new e-mails gets 429s instead of the CPU.
 */
export const DEFAULT_LOGIN_BUDGET: LoginBudgetSettings = {
  perAddress: { points: 40, durationSeconds: 10 * 60 },
  global: { points: 300, durationSeconds: 60 },
};

const secondsOf = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Spends one password check of the address's and of the server's budget (rate-limiter-flexible: `limits` keeps the counts). */
export class LoginBudget {
  private readonly perAddress: RateLimiterAbstract;
  private readonly global: RateLimiterAbstract;

  constructor(settings: LoginBudgetSettings = DEFAULT_LOGIN_BUDGET, limits: RateLimits = MEMORY_RATE_LIMITS) {
    this.perAddress = limits.limiter({ keyPrefix: 'login-address', points: settings.perAddress.points, duration: settings.perAddress.durationSeconds });
    this.global = limits.limiter({ keyPrefix: 'login-global', points: settings.global.points, duration: settings.global.durationSeconds });
  }

  /** 0 when the check may run (and was counted); else the seconds until this address or the server has budget again. */
  async take(address: string): Promise<number> {
    const local = await this.perAddress.consume(address).catch(spent);
    if (local instanceof Spent) return local.retryAfterSeconds;
    const all = await this.global.consume('all').catch(spent);
    if (all instanceof Spent) {
      await this.perAddress.reward(address);
      return all.retryAfterSeconds;
    }
    return 0;
  }

  /** A login that succeeded cost no budget: people logging in are what the budget is for. */
  async giveBack(address: string): Promise<void> {
    await this.perAddress.reward(address);
    await this.global.reward('all');
  }
}

class Spent {
  constructor(readonly retryAfterSeconds: number) {}
}

/** rate-limiter-flexible rejects with a RateLimiterRes when the points are spent, with an Error when it failed. */
function spent(reason: unknown): Spent {
  if (reason instanceof RateLimiterRes) return new Spent(secondsOf(reason));
  throw reason;
}
