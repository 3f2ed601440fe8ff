export interface BackoffOptions {
  /** Delay before the first retry. */
  baseMs: number;
  /** No wait is ever longer than this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 30_000 };

/**
 * Exponential backoff with jitter: attempt 1 waits ~base, each next one about twice as long, capped.
 * The jitter (50–100 % of the step) spreads out many viewers retrying after the same outage.
 * A server's `Retry-After` wins when it asks for longer, still within the cap.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number, retryAfterMs?: number): number {
  const step = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = step / 2 + (random() * step) / 2;
  return Math.round(Math.min(options.maxMs, Math.max(jittered, retryAfterMs ?? 0)));
}
