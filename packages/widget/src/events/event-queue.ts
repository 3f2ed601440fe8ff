import type { ViewerEvent } from '@reelback/shared';
import { readJson, type KeyValueStore } from '../util/storage.js';

/** More than this many unsent events means something is badly wrong: keep the newest. */
export const MAX_QUEUED_EVENTS = 500;

/** The storage key of an endpoint's pending events. */
export const queueKey = (endpoint: string) => `reelback:queue:${endpoint}`;

/**
 * The ordered list of events not yet delivered to one endpoint, kept in storage so a reload
 * (or a crash) loses nothing. Every operation reads storage first, so other tabs' and other
 * copies' additions survive our writes.
 */
export class EventQueue {
  constructor(
    private readonly store: KeyValueStore,
    readonly key: string,
  ) {}

  all(): ViewerEvent[] {
    const events = readJson<ViewerEvent[]>(this.store, this.key);
    return Array.isArray(events) ? events : [];
  }

  get size(): number {
    return this.all().length;
  }

  /** Appends events not already queued; returns how many were dropped for room. */
  add(events: ViewerEvent[]): number {
    const queued = this.all();
    const ids = new Set(queued.map((e) => e.id));
    for (const event of events) if (!ids.has(event.id)) queued.push(event);
    const overflow = Math.max(0, queued.length - MAX_QUEUED_EVENTS);
    this.write(overflow ? queued.slice(overflow) : queued);
    return overflow;
  }

  remove(ids: Iterable<string>): void {
    const gone = new Set(ids);
    const queued = this.all();
    const kept = queued.filter((e) => !gone.has(e.id));
    if (kept.length !== queued.length) this.write(kept);
  }

  private write(events: ViewerEvent[]): void {
    if (events.length) this.store.set(this.key, JSON.stringify(events));
    else this.store.remove(this.key);
  }
}
