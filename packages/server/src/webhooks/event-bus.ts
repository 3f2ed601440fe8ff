import type { ReelbackEvent } from '@reelback/shared';

export type StoredEventsListener = (events: readonly ReelbackEvent[]) => void;

/**
 * Stored events, per workspace, for the live event stream: told after each commit. Within one process, like the
 * answer feed: several server processes on one PostgreSQL would each hear only their own (a stream that resumes
 * with Last-Event-ID still reads every stored event, whichever process stored it).
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
