import type { ProjectionFold } from '../ports/projection-fold.js';

/** Events (and waiting sessions) per fold transaction: short enough not to hold SQLite's one writer for long. */
const BATCH = 2000;

export interface ProjectionFolderDeps {
  fold: ProjectionFold;
  /** Between two sweeps while started (default 5 s): catches what no nudge announced (another process's commits). */
  intervalMs?: number;
  /**
   * How long a nudge waits before it folds (default 100 ms): the commits of that time share one fold, so a busy
   * ingest pays for a few large folds rather than one per commit (on SQLite a fold holds the one writer).
   */
  nudgeDelayMs?: number;
  logError: (message: string, error: unknown) => void;
}

/**
 * Keeps the folded projections (`projections.ts`) up with the log, off the ingest path: nudged after each commit by
 * a subscriber (`subscribers.ts`), swept every few seconds while started (another process's commits, a crash's
 * leftovers), and caught up on demand before analytics are read, so a figure counts every committed event even
 * when no fold has run since. One fold at a time per process; the store lets one process at a time advance the
 * cursor, so any number of processes may run a folder.
 */
export class ProjectionFolder {
  private running: Promise<number> | undefined;
  /** A fold asked for while one runs: it starts when that one ends, for everyone who asked meanwhile. */
  private next: Promise<number> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private nudged: NodeJS.Timeout | undefined;
  private stopped = true;
  private halting = false;

  constructor(private readonly deps: ProjectionFolderDeps) {}

  /**
   * Folds every event committed before the call; resolves how many events and sessions were folded. A call while a
   * fold runs waits for it and then folds again (that fold may have read the cursor before this call's events).
   */
  catchUp(): Promise<number> {
    if (!this.running) return this.begin();
    this.next ??= this.running
      .catch(() => 0)
      .then(() => {
        this.next = undefined;
        return this.begin();
      });
    return this.next;
  }

  /** After a commit: folds soon, without anyone waiting; a failure is logged and left to the next sweep. */
  nudge(): void {
    if (this.nudged || this.halting) return;
    this.nudged = setTimeout(() => {
      this.nudged = undefined;
      this.catchUp().catch((error: unknown) => this.deps.logError('analytics fold failed', error));
    }, this.deps.nudgeDelayMs ?? 100);
    this.nudged.unref();
  }

  /** Folds now and then every `intervalMs` until `stop`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halting = false;
    const tick = () => {
      void this.catchUp()
        .catch((error: unknown) => this.deps.logError('analytics fold failed', error))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.deps.intervalMs ?? 5000).unref();
        });
    };
    tick();
  }

  /** Stops the timer and waits for a fold under way (it stops after its current batch). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.halting = true;
    clearTimeout(this.timer);
    clearTimeout(this.nudged);
    this.nudged = undefined;
    await this.next?.catch(() => {});
    await this.running?.catch(() => {});
  }

  private begin(): Promise<number> {
    const run = this.foldAll().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async foldAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const folded = await this.deps.fold.foldBatch(BATCH);
      total += folded;
      // A stopping process leaves the rest to the next fold (the cursor says where).
      if (folded === 0 || this.halting) return total;
    }
  }
}
