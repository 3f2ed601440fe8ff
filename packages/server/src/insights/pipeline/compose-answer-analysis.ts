import type { CommittedEvents } from '../../events/committed-events.js';
import type { ApiRoute } from '../../http/route.js';
import type { Clock } from '../../ports/clock.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type { Storage } from '../../ports/storage.js';
import type { TextAnalyser } from '../../ports/text-analyser.js';
import { AnalyseAnswerJob } from './analyse-answer.job.js';
import { ANALYSE_ANSWER_QUEUE, type AnalysisSettings, DEFAULT_ANALYSIS_SETTINGS } from './analysis-settings.js';
import { answerAnalysisRoutes } from './analysis.routes.js';
import { AnswerAnalysisPipeline } from './answer-analysis.service.js';
import { AnswerAnalysisSweep } from './answer-analysis-sweep.js';

export interface AnswerAnalysisOptions {
  /** The engine: the local one (`openLocalTextAnalyser`) unless another is given. */
  analyser: TextAnalyser;
  settings?: Partial<AnalysisSettings>;
}

/**
 * The per-answer analysis (#17) in one piece: the pipeline the subscribers and the transcript editor hand texts to,
 * its owner route, the catch-up sweep, and — once the committed-events hub exists (it needs the pipeline first) —
 * the job on the queue.
 */
export function composeAnswerAnalysis(deps: {
  storage: Pick<Storage, 'answerAnalyses' | 'answers'>;
  queue: JobQueue;
  clock: Clock;
  options: AnswerAnalysisOptions;
  logError: (message: string, error: unknown) => void;
}) {
  const settings = { ...DEFAULT_ANALYSIS_SETTINGS, ...deps.options.settings };
  const pipeline = new AnswerAnalysisPipeline({
    store: deps.storage.answerAnalyses,
    answers: deps.storage.answers,
    queue: deps.queue,
    clock: deps.clock,
    settings,
    logError: deps.logError,
  });
  return {
    pipeline,
    routes: (): ApiRoute[] => answerAnalysisRoutes(pipeline),
    sweep: new AnswerAnalysisSweep({ store: deps.storage.answerAnalyses, pipeline, clock: deps.clock, settings, logError: deps.logError }),
    /** Registers the job; its results are told to `committed` (webhooks, event stream). */
    work(committed: CommittedEvents): void {
      const job = new AnalyseAnswerJob({ store: deps.storage.answerAnalyses, analyser: deps.options.analyser, clock: deps.clock, settings, committed });
      deps.queue.work(ANALYSE_ANSWER_QUEUE, job.handle, { concurrency: settings.concurrency });
    },
  };
}
