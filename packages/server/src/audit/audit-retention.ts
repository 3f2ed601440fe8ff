import { ConfigError } from '../config/config.js';
import type { AuditStore } from '../ports/audit-store.js';
import type { Clock } from '../ports/clock.js';
import { PeriodicPass } from '../jobs/periodic-pass.js';

/** REELBACK_AUDIT_RETENTION_DAYS: how long audit entries are kept (default 400 days: a year and a review); 0 keeps them forever. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 400;

export function auditRetentionDaysFromEnv(env: Record<string, string | undefined>): number {
  const raw = env.REELBACK_AUDIT_RETENTION_DAYS?.trim();
  if (raw === undefined || raw === '') return DEFAULT_AUDIT_RETENTION_DAYS;
  if (!/^\d+$/.test(raw) || Number(raw) > 36_500) {
    throw new ConfigError([`REELBACK_AUDIT_RETENTION_DAYS must be a whole number of days from 0 (keep forever) to 36500, got '${raw}'`]);
  }
  return Number(raw);
}

export interface AuditRetentionDeps {
  audit: Pick<AuditStore, 'deleteBefore'>;
  clock: Clock;
  /** Entries older than this many days go; 0: none ever do. */
  retentionDays: number;
  logError: (message: string, error: unknown) => void;
  /** Between two passes (default 6 hours). */
  intervalMs?: number;
}

const BATCH = 1000;

/**
 * Deletes audit entries older than the retention period, so the log (which names members and what they did) is not
 * kept for ever by default. Runs where jobs run (REELBACK_ROLE all or worker), once at start and then every few
 * hours; in batches, so one pass never holds a long transaction. Two processes at once only find less to do.
 */
export class AuditRetention {
  private readonly periodic: PeriodicPass;

  constructor(private readonly deps: AuditRetentionDeps) {
    this.periodic = new PeriodicPass(() => this.pass(), { what: 'audit log retention pass', intervalMs: deps.intervalMs ?? 6 * 3_600_000, logError: deps.logError });
  }

  start(): void {
    if (this.deps.retentionDays > 0) this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** One pass (never two at once in this process); resolves how many entries it deleted. */
  sweep(): Promise<number> {
    return this.periodic.run();
  }

  private async pass(): Promise<number> {
    if (this.deps.retentionDays === 0) return 0;
    const cutoff = new Date(this.deps.clock.now().getTime() - this.deps.retentionDays * 86_400_000).toISOString();
    let deleted = 0;
    for (;;) {
      const n = await this.deps.audit.deleteBefore(cutoff, BATCH);
      deleted += n;
      if (n < BATCH) return deleted;
    }
  }
}
