import { type AnswerAnalysisRequest, uuidv7 } from '@reelback/shared';
import { notFound, ServiceError } from '../../errors/service-error.js';
import type { AnswerAnalysisStore } from '../../ports/answer-analysis-store.js';
import type { Clock } from '../../ports/clock.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type { AnswerStore } from '../../ports/answer-store.js';
import type { Scope } from '../../ports/store-types.js';
import { ANALYSE_ANSWER_QUEUE, type AnalysisSettings } from './analysis-settings.js';
import { toAnalysisView } from './analysis-view.js';
import { contentHash } from './content-hash.js';

export interface AnswerAnalysisPipelineDeps {
  store: AnswerAnalysisStore;
  /** The owner's request checks the answer is in their workspace. */
  answers: Pick<AnswerStore, 'get'>;
  queue: JobQueue;
  clock: Clock;
  settings: AnalysisSettings;
  logError: (message: string, error: unknown) => void;
}

/** What asking for an answer's analysis came to. */
export type RequestResult = 'queued' | 'unchanged' | 'no-text' | 'missing';

/**
 * Where answers' texts enter the analysis (#17): a typed answer stored, a transcript ready (again, after
 * re-transcription) or edited, an owner asking again. Each request marks the answer pending under a new request id
 * (unless its text was analysed already) and queues one job for that request; the job (`AnalyseAnswerJob`) stores
 * the result with its `reelback.answer.analyzed` event.
 */
export class AnswerAnalysisPipeline {
  constructor(private readonly deps: AnswerAnalysisPipelineDeps) {}

  /** Asks for the answer's analysis; `force` analyses a text that was analysed already (an owner's request). */
  async request(answerId: string, options: { force?: boolean } = {}): Promise<RequestResult> {
    const { store, queue, clock, settings } = this.deps;
    const source = await store.source(answerId);
    if (!source) return 'missing';
    if (!source.text) return 'no-text';
    const outcome = await store.request(
      { answerId, source: source.text.source, contentHash: contentHash(source.text) },
      clock.now().toISOString(),
      { force: options.force ?? false, newRequestId: uuidv7 },
    );
    if (!outcome.queued) return 'unchanged';
    // One job per request, whatever its state: asking again for a pending request (a lost job) queues no second one.
    await queue.enqueue(ANALYSE_ANSWER_QUEUE, { answerId, requestId: outcome.requestId }, { singletonKey: `${answerId}:${outcome.requestId}`, maxAttempts: settings.maxAttempts });
    return 'queued';
  }

  /** New answers (their events were just stored): typed ones have text now, a clip's may have its transcript already. */
  async answersSubmitted(answerIds: readonly string[]): Promise<void> {
    await this.each(answerIds);
  }

  /** A clip's transcript became ready, was made again, or was edited: its answer's text changed. Never throws (logs). */
  async transcriptChanged(clipId: string): Promise<void> {
    try {
      await this.each(await this.deps.store.answersOfClip(clipId));
    } catch (error) {
      this.deps.logError(`finding the answers of clip ${clipId} for their analysis failed`, error);
    }
  }

  /** An owner asks for the answer to be analysed again (a new engine, a failure): 202 with the pending analysis. */
  async reanalyse(scope: Scope, answerId: string): Promise<AnswerAnalysisRequest> {
    if (!(await this.deps.answers.get(scope, answerId))) throw notFound('unknown-answer', `there is no answer "${answerId}"`);
    const result = await this.request(answerId, { force: true });
    if (result === 'missing') throw notFound('unknown-answer', `there is no answer "${answerId}"`);
    if (result === 'no-text') {
      throw new ServiceError('conflict', 'nothing-to-analyse', `Answer "${answerId}" has no text to analyse: only typed answers and clips with a ready transcript have one.`);
    }
    const analysis = toAnalysisView(await this.deps.store.get(answerId));
    if (!analysis) throw new Error(`answer ${answerId} was queued for analysis but has no analysis row`);
    return { answerId, analysis };
  }

  /** Requests one at a time: a failure is logged and does not keep the others from being asked for. */
  private async each(answerIds: readonly string[]): Promise<void> {
    for (const answerId of answerIds) {
      try {
        await this.request(answerId);
      } catch (error) {
        this.deps.logError(`asking for the analysis of answer ${answerId} failed`, error);
      }
    }
  }
}
