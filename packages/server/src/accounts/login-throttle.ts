import type { Clock } from '../ports/clock.js';

export interface ThrottleOptions {
  /** Failures allowed per key inside the window. */
  maxFailures: number;
  windowMs: number;
  /** Keys remembered at most; the oldest are forgotten first (bounded memory under a spray of e-mails). */
  maxKeys?: number;
}

export const LOGIN_THROTTLE: ThrottleOptions = { maxFailures: 10, windowMs: 15 * 60 * 1000, maxKeys: 100_000 };

/** Failed attempts per key: the in-memory `LoginThrottle`, or `SharedLoginThrottle` when several processes count. */
export interface FailureThrottle {
  /** Seconds to wait, or 0 when an attempt may be made now. */
  retryAfter(key: string): number | Promise<number>;
  fail(key: string): void | Promise<void>;
  succeed(key: string): void | Promise<void>;
}

/**
 * Counts failed logins per key (e-mail + client address) in a sliding window, in this process's memory. Once a key
 * has `maxFailures` failures inside the window, every attempt is refused before its password is even checked, until
 * the oldest failure leaves the window. A successful login clears the key.
 */
export class LoginThrottle implements FailureThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly options: ThrottleOptions = LOGIN_THROTTLE,
  ) {}

  /** Seconds to wait, or 0 when an attempt may be made now. */
  retryAfter(key: string): number {
    const now = this.clock.now().getTime();
    const recent = this.recent(key, now);
    if (recent.length < this.options.maxFailures) return 0;
    const oldest = recent[recent.length - this.options.maxFailures]!;
    return Math.max(1, Math.ceil((oldest + this.options.windowMs - now) / 1000));
  }

  fail(key: string): void {
    const now = this.clock.now().getTime();
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.delete(key);
    this.failures.set(key, recent);
    const max = this.options.maxKeys ?? Number.POSITIVE_INFINITY;
    while (this.failures.size > max) this.failures.delete(this.failures.keys().next().value!);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => t > now - this.options.windowMs);
    if (times.length === 0) this.failures.delete(key);
    return times;
  }
}
