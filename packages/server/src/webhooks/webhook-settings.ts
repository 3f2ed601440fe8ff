import { ConfigError } from '../config/config.js';

export interface WebhookSettings {
  /**
   * Waits before each retry, in seconds: the first try is at once, the n-th retry `retryScheduleSeconds[n-1]` after
   * the try before it. After the last one (or past `maxRetryWindowSeconds` since the round began) the delivery has
   * failed and the endpoint is disabled.
   */
  retryScheduleSeconds: readonly number[];
  /** No retry is scheduled later than this after a round's first try (24 h). */
  maxRetryWindowSeconds: number;
  /** One attempt may take this long before it counts as failed (10 s). */
  timeoutMs: number;
  /** Receivers on loopback/private addresses may be called (REELBACK_WEBHOOKS_ALLOW_PRIVATE=1). */
  allowPrivate: boolean;
  /** Deliveries one process sends at once… */
  concurrency: number;
  /** …and to one endpoint (a receiver is not flooded; a slow one does not hold the others up). */
  perEndpointConcurrency: number;
}

/** 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 6 h: eight tries over 23 h 35 min, inside the 24 h window. */
export const DEFAULT_RETRY_SCHEDULE_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 21_600] as const;

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  retryScheduleSeconds: DEFAULT_RETRY_SCHEDULE_SECONDS,
  maxRetryWindowSeconds: 24 * 3600,
  timeoutMs: 10_000,
  allowPrivate: false,
  concurrency: 64,
  perEndpointConcurrency: 16,
};

/** REELBACK_WEBHOOKS_ALLOW_PRIVATE and REELBACK_WEBHOOK_RETRY_SCHEDULE (seconds, comma-separated), or a ConfigError. */
export function webhookSettingsFromEnv(env: Record<string, string | undefined>): Partial<WebhookSettings> {
  const settings: Partial<WebhookSettings> = {};
  const problems: string[] = [];
  const allow = env.REELBACK_WEBHOOKS_ALLOW_PRIVATE?.trim().toLowerCase();
  if (allow !== undefined && allow !== '') {
    if (['1', 'true', 'on', 'yes'].includes(allow)) settings.allowPrivate = true;
    else if (['0', 'false', 'off', 'no'].includes(allow)) settings.allowPrivate = false;
    else problems.push(`REELBACK_WEBHOOKS_ALLOW_PRIVATE must be 1 or 0, got '${env.REELBACK_WEBHOOKS_ALLOW_PRIVATE}'`);
  }
  const schedule = env.REELBACK_WEBHOOK_RETRY_SCHEDULE?.trim();
  if (schedule) {
    const parts = schedule.split(',').map((p) => p.trim());
    const values = parts.map(Number);
    const total = values.reduce((a, b) => a + b, 0);
    if (parts.some((p) => !/^\d+(\.\d+)?$/.test(p)) || values.length > 50) {
      problems.push(`REELBACK_WEBHOOK_RETRY_SCHEDULE must be up to 50 waits in seconds, comma-separated (e.g. "5,300,1800"), got '${schedule}'`);
    } else if (total > DEFAULT_WEBHOOK_SETTINGS.maxRetryWindowSeconds) {
      problems.push(`REELBACK_WEBHOOK_RETRY_SCHEDULE adds up to ${total} s, more than the 24 h (86400 s) a delivery is retried for`);
    } else settings.retryScheduleSeconds = values;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}
