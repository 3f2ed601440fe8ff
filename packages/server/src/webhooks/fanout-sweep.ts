import type { FanoutEvent, WebhookStore } from '../ports/webhook-store.js';

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
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = true;
  private halting = false;

  constructor(private readonly deps: FanoutSweepDeps) {}

  /** Fans out every committed event after the cursor; resolves how many. One sweep at a time per process. */
  sweep(): Promise<number> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Sweeps now and then every `intervalMs` until `stop`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halting = false;
    const tick = () => {
      void this.sweep()
        .catch((error: unknown) => this.deps.logError('webhook fan-out sweep failed', error))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.deps.intervalMs ?? 5000).unref();
        });
    };
    tick();
  }

  /** Stops the timer and waits for a sweep under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.halting = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => {});
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
      if (batch.length < BATCH || this.halting) return total;
    }
  }
}
