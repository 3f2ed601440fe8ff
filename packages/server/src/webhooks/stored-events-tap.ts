import type { ReelbackEvent } from '@reelback/shared';
import type { ClipStore, EventStore, Storage, StoredEventRow, TranscriptStore } from '../ports/storage.js';

/** Told a session's events once their transaction has committed; must not throw, is not awaited. */
export type EventsCommitted = (sessionId: string, events: readonly ReelbackEvent[]) => void;

/**
 * The one hook for "events were stored": a Storage whose writers of events (viewer events through the event store,
 * clip and transcript server events through their transitions) report what they committed. Every other part of
 * the storage is the original. The report comes after the promise resolved, i.e. after the commit, so a listener
 * that reads the event finds it; it is in-process and best effort (a crash right after a commit loses the report,
 * not the event: the webhook fan-out sweep, `fanout-sweep.ts`, finds such events from its durable cursor).
 */
export function tapStoredEvents(storage: Storage, committed: EventsCommitted): Storage {
  const events: EventStore = {
    async appendToSession(sessionId, eventIds, decide) {
      let written: StoredEventRow[] = [];
      const result = await storage.events.appendToSession(sessionId, eventIds, (state) => {
        // The last decision is the one committed (a transaction retried after a conflict decides again).
        const decision = decide(state);
        written = decision.events;
        return decision;
      });
      if (result !== undefined && written.length > 0) committed(sessionId, written.map((row) => row.event));
      return result;
    },
  };
  const clips: ClipStore = Object.create(storage.clips) as ClipStore;
  clips.transition = async (id, from, changes, event) => {
    const clip = await storage.clips.transition(id, from, changes, event);
    if (clip && event) committed(clip.sessionId, [event]);
    return clip;
  };
  const transcripts: TranscriptStore = Object.create(storage.transcripts) as TranscriptStore;
  transcripts.complete = async (clipId, result, at, event) => {
    const done = await storage.transcripts.complete(clipId, result, at, event);
    if (done) committed(event.data.sessionId, [event]);
    return done;
  };
  transcripts.fail = async (clipId, error, at, event) => {
    const done = await storage.transcripts.fail(clipId, error, at, event);
    if (done) committed(event.data.sessionId, [event]);
    return done;
  };
  const tapped = Object.create(storage) as Storage & { events: EventStore; clips: ClipStore; transcripts: TranscriptStore };
  Object.defineProperties(tapped, {
    events: { value: events, enumerable: true },
    clips: { value: clips, enumerable: true },
    transcripts: { value: transcripts, enumerable: true },
  });
  return tapped;
}
