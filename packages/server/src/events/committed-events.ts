import type { ReelbackEvent } from '@reelback/shared';

/** What one transaction stored for one session: the events, in the order they were written. */
export interface CommittedBatch {
  sessionId: string;
  events: readonly ReelbackEvent[];
}

/**
 * Something that reacts once events are committed (webhooks, the live answer feed, clip → transcription): told each
 * committed event once, in this process, after the transaction that stored it; never told of a rolled-back one. A
 * crash between the commit and the call loses the call, not the event: a subscriber that must not miss one keeps a
 * durable cursor over the log (the webhook fan-out sweep does).
 */
export interface EventSubscriber {
  /** Names it in the log when it fails. */
  readonly name: string;
  committed(batch: CommittedBatch): void | Promise<void>;
}

/**
 * The one place writers of events report a commit: every declared subscriber hears it (see `subscribers.ts`).
 * A subscriber that throws is logged and the others still hear; the promise resolves when all have finished, for
 * writers that must hand off before they go on (the clip job), and never rejects.
 */
export class CommittedEvents {
  constructor(
    private readonly subscribers: readonly EventSubscriber[],
    private readonly logError: (message: string, error: unknown) => void = () => {},
  ) {}

  async committed(sessionId: string, events: readonly ReelbackEvent[]): Promise<void> {
    if (events.length === 0) return;
    const batch: CommittedBatch = { sessionId, events };
    await Promise.all(
      this.subscribers.map(async (subscriber) => {
        try {
          await subscriber.committed(batch);
        } catch (error) {
          this.logError(`event subscriber '${subscriber.name}' failed`, error);
        }
      }),
    );
  }
}

/** For writers built without subscribers (tests of one service): commits are heard by no one. */
export const NO_SUBSCRIBERS = new CommittedEvents([]);
