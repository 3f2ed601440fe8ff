import { ServiceError } from '../errors/service-error.js';
import type { Clock } from '../ports/clock.js';
import type { ClipStore } from '../ports/clip-store.js';
import { PeriodicPass } from '../jobs/periodic-pass.js';

export interface UnsubmittedClipsSweepDeps {
  clips: Pick<ClipStore, 'listUnsubmittedBefore'>;
  /** `ClipsService.discard`: the clip, its transcript, files and jobs; refuses (409) a clip an answer names meanwhile. */
  discard: (clipId: string) => Promise<void>;
  clock: Clock;
  /** A clip's upload ticket lives this long: one still unsubmitted after it never will be (24 h by default). */
  ticketLifetimeSeconds: number;
  logError: (message: string, error: unknown) => void;
  /** Between two sweeps (default 15 minutes). */
  intervalMs?: number;
}

const BATCH = 200;

/**
 * Takes a viewer never submitted — recorded, perhaps uploaded and transcribed, but no answer names them once their
 * ticket has expired (a tab closed before "Send", a "Record again" whose DELETE never arrived) — are deleted with
 * their files and jobs, so they never reach the inbox and no recording outlives its purpose. Runs in a process that
 * runs jobs (REELBACK_ROLE all or worker); two at once only find less to do.
 */
export class UnsubmittedClipsSweep {
  private readonly periodic: PeriodicPass;

  constructor(private readonly deps: UnsubmittedClipsSweepDeps) {
    this.periodic = new PeriodicPass(() => this.pass(), { what: 'unsubmitted clips sweep', intervalMs: deps.intervalMs ?? 15 * 60_000, logError: deps.logError });
  }

  /** A pass now, then every `intervalMs`, until `stop`. */
  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** One pass (never two at once in this process); resolves how many clips it deleted. */
  sweep(): Promise<number> {
    return this.periodic.run();
  }

  private async pass(): Promise<number> {
    const cutoff = new Date(this.deps.clock.now().getTime() - this.deps.ticketLifetimeSeconds * 1000).toISOString();
    let deleted = 0;
    for (;;) {
      const ids = await this.deps.clips.listUnsubmittedBefore(cutoff, BATCH);
      let progressed = 0;
      for (const id of ids) {
        try {
          await this.deps.discard(id);
          deleted++;
          progressed++;
        } catch (error) {
          // Submitted after all (an answer arrived late): it is the owner's now, and stays.
          if (error instanceof ServiceError && error.code === 'clip-submitted') continue;
          throw error;
        }
      }
      if (ids.length < BATCH || progressed === 0) return deleted;
    }
  }
}
