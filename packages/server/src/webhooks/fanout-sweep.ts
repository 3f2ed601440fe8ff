import type { FanoutEvent, WebhookStore } from '../ports/webhook-store.js';
import { PeriodicPass } from '../jobs/periodic-pass.js';

const BATCH = 500;

export interface FanoutSweepDeps {
  store: Pick<WebhookStore, 'fanoutCursor' | 'committedEventsAfter' | 'advanceFanoutCursor'>;
  /** Makes the deliveries of these events (idempotent); throws when it could not. */
  fanOut: (events: readonly FanoutEvent[]) => Promise<void>;
  /** Between two sweeps while started (default 5 s). */
  intervalMs?: number;
  logError: (message: string, error: unknown) => void;
}

/**
 * The crash-safe half of the webhook fan-out. The in-process webhooks subscriber (events/subscribers.ts) fans out events right after their commit, but a
 * process that dies between the commit and that fan-out would leave them without deliveries. So a durable cursor
 * (migration 0010) records the last event fanned out, and a sweep — at start, then every few seconds — fans out
 * every committed event after it and only then moves it. Events the subscriber handled already are fanned out again as
 * no-ops (one delivery per endpoint and event). Which events count as committed "up to" a point is the store's
 * business: on PostgreSQL, where `seq` is not commit order, only those of transactions older than every running
 * one (see `committedEventsAfter`). Several processes may sweep at once: both make the same deliveries, once.
 */
export class FanoutSweep {
  private readonly periodic: PeriodicPass;

  constructor(private readonly deps: FanoutSweepDeps) {
    this.periodic = new PeriodicPass(() => this.sweepOnce(), { what: 'webhook fan-out sweep', intervalMs: deps.intervalMs ?? 5000, logError: deps.logError });
  }

  /** Fans out every committed event after the cursor; resolves how many. One sweep at a time per process. */
  sweep(): Promise<number> {
    return this.periodic.run();
  }

  /** Sweeps now and then every `intervalMs` until `stop`. */
  start(): void {
    this.periodic.start();
  }

  /** Stops the timer and waits for a sweep under way. */
  stop(): Promise<void> {
    return this.periodic.stop();
  }

  private async sweepOnce(): Promise<number> {
    const { store } = this.deps;
    let cursor = await store.fanoutCursor();
    let total = 0;
    for (;;) {
      const batch = await store.committedEventsAfter(cursor, BATCH);
      if (batch.length === 0) return total;
      await this.deps.fanOut(batch);
      cursor = batch[batch.length - 1]!.position;
      await store.advanceFanoutCursor(cursor);
      total += batch.length;
      // A stopping process leaves the rest to the next sweep (the cursor says where).
      if (batch.length < BATCH || this.periodic.halting) return total;
    }
  }
}
