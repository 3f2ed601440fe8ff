import type { AnswerAnalysisStore } from '../../ports/answer-analysis-store.js';
import type { Clock } from '../../ports/clock.js';
import type { AnalysisSettings } from './analysis-settings.js';
import type { AnswerAnalysisPipeline } from './answer-analysis.service.js';
import { PeriodicPass } from '../../jobs/periodic-pass.js';

const BATCH = 200;

/**
 * The durable half of the hand-off: subscribers hear commits in this process only, so an answer whose commit a crash
 * separated from its request (or that was stored before migration 0028) has no analysis, and a request whose job
 * was never queued stays pending. This sweep asks for each of them again (the queue keeps one job per request).
 * Runs where jobs run; two at once only find less to do.
 */
export class AnswerAnalysisSweep {
  private readonly periodic: PeriodicPass;

  constructor(
    private readonly deps: {
      store: Pick<AnswerAnalysisStore, 'listUnsettled'>;
      pipeline: Pick<AnswerAnalysisPipeline, 'request'>;
      clock: Clock;
      settings: Pick<AnalysisSettings, 'stalePendingMs'>;
      logError: (message: string, error: unknown) => void;
      /** Between two sweeps (default 10 minutes); the first runs at `start`. */
      intervalMs?: number;
    },
  ) {
    this.periodic = new PeriodicPass(() => this.pass(), { what: 'answer analysis sweep', intervalMs: deps.intervalMs ?? 10 * 60_000, logError: deps.logError });
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** One pass (never two at once in this process); resolves how many answers it asked for. */
  sweep(): Promise<number> {
    return this.periodic.run();
  }

  private async pass(): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - this.deps.settings.stalePendingMs).toISOString();
    let asked = 0;
    let after: string | null = null;
    for (;;) {
      const ids = await this.deps.store.listUnsettled(before, after, BATCH);
      for (const id of ids) {
        try {
          if ((await this.deps.pipeline.request(id)) === 'queued') asked++;
        } catch (error) {
          this.deps.logError(`asking for the analysis of answer ${id} failed`, error);
        }
      }
      if (ids.length < BATCH) return asked;
      after = ids.at(-1)!;
    }
  }
}
