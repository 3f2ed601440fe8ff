import type { ReelbackEvent } from '@reelback/shared';

export type StoredEventsListener = (events: readonly ReelbackEvent[]) => void;

/**
 * Stored events, per workspace, for the live event stream's listeners in this process. One process: the webhooks
 * fan-out tells it after each commit. Several processes on one PostgreSQL: each process's log tail
 * (`events/log-tail.ts`) tells it what any process committed.
 */
export class StoredEventBus {
  private readonly listeners = new Map<string | null, Set<StoredEventsListener>>();

  publish(workspaceId: string | null, events: readonly ReelbackEvent[]): void {
    for (const listener of [...(this.listeners.get(workspaceId) ?? [])]) {
      try {
        listener(events);
      } catch {
        // A listener handles its own errors; the others still hear.
      }
    }
  }

  /** Returns the unsubscribe. */
  subscribe(workspaceId: string | null, listener: StoredEventsListener): () => void {
    const set = this.listeners.get(workspaceId) ?? new Set<StoredEventsListener>();
    set.add(listener);
    this.listeners.set(workspaceId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(workspaceId) === set) this.listeners.delete(workspaceId);
    };
  }
}
