import type { Notices } from '../ports/notices.js';
import type { FanoutEvent, WebhookStore } from '../ports/webhook-store.js';

const PAGE = 500;
/** How long an announced event is looked for by quick reads before it is left to the poll. */
const AWAIT_MS = 5000;
const FIRST_RETRY_MS = 20;
const LAST_RETRY_MS = 500;
/** The notice topic that says "events were committed: read the log". */
const TOPIC = 'events';

/** Something every process does with each committed event it reads from the log (see `declareLogReaders`). */
export interface LogReader {
  /** Names it in the log when it fails. */
  readonly name: string;
  read(events: readonly FanoutEvent[]): void | Promise<void>;
}

export interface CommittedLogTailDeps {
  store: Pick<WebhookStore, 'committedEventsAfter' | 'committedEventsEnd'>;
  readers: readonly LogReader[];
  notices: Notices;
  /** The fallback read of the log when no notice came (default 2 s): notices can be lost. */
  pollMs?: number;
  logError: (message: string, error: unknown) => void;
}

/**
 * One process's reading of the event log as it grows, for what every process must hear of every commit, wherever
 * it was made (the live event stream, the live answer feed) — on PostgreSQL, where several processes share the log.
 * A commit is announced with a notice (ids only: "read the log"); each process then reads the committed events after
 * its own cursor, in the log's cursor order (`committedEventsAfter`: no event can later appear before the cursor),
 * so each reader gets each event once and in order. A committed event can only be read once every transaction older
 * than its own has ended, so a read right after the notice may come too early (another transaction was still open):
 * the notice names the batch's last event, and the tail reads again, sooner then later, until it has it. Notices
 * only make it quick: a poll every `pollMs`, and a read as soon as the listening connection is back, bring what a
 * lost notice would have.
 * The cursor lives in memory and starts at the log's end: a process that starts hears what is committed from then.
 */
export class CommittedLogTail {
  private cursor: string | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly unsubscribes: Array<() => void> = [];
  /** Announced events not read yet, with when they were announced. */
  private readonly awaited = new Map<string, number>();
  private retryMs = FIRST_RETRY_MS;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly deps: CommittedLogTailDeps) {}

  /** Tells every process (this one too) that a transaction committed events, the last of them `lastEventId`. */
  announce(lastEventId: string): void {
    this.deps.notices.publish(TOPIC, { e: lastEventId });
  }

  /** Starts at the log's end; reads on each notice, when listening starts again, and every `pollMs`. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.cursor = await this.deps.store.committedEventsEnd();
    this.stopped = false;
    this.unsubscribes.push(
      this.deps.notices.subscribe(TOPIC, (body) => {
        if (typeof body.e === 'string') this.awaited.set(body.e, Date.now());
        this.wake();
      }),
      this.deps.notices.onListening(() => this.wake()),
    );
    const tick = () => {
      void this.catchUp().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.deps.pollMs ?? 2000).unref();
      });
    };
    this.timer = setTimeout(tick, this.deps.pollMs ?? 2000).unref();
  }

  /** Reads soon; a read under way reads once more when it ends (it may have missed what woke this). */
  wake(): void {
    void this.catchUp();
  }

  /** Reads every committed event after the cursor and hands it to the readers; resolves when none is left. */
  catchUp(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.readAll().catch((error: unknown) => this.deps.logError('reading the event log for live updates failed', error));
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
      this.retryAwaited();
    });
    return this.running;
  }

  /** Reads again soon while an announced event is not read yet (its transaction waits on an older one). */
  private retryAwaited(): void {
    const now = Date.now();
    for (const [id, at] of this.awaited) if (now - at > AWAIT_MS) this.awaited.delete(id);
    if (this.awaited.size === 0 || this.stopped) {
      this.retryMs = FIRST_RETRY_MS;
      return;
    }
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.catchUp();
    }, this.retryMs).unref();
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
  }

  private async readAll(): Promise<void> {
    for (;;) {
      if (this.cursor === undefined || this.stopped) return;
      const page = await this.deps.store.committedEventsAfter(this.cursor, PAGE);
      if (page.length === 0) return;
      // The cursor moves before the readers run: a reader that fails loses its live update, not the others' next ones.
      this.cursor = page[page.length - 1]!.position;
      for (const event of page) this.awaited.delete(event.event.id);
      for (const reader of this.deps.readers) {
        try {
          await reader.read(page);
        } catch (error) {
          this.deps.logError(`log reader '${reader.name}' failed`, error);
        }
      }
      if (page.length < PAGE) return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.retry);
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    await this.running;
  }
}
