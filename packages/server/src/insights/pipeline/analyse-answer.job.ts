import * as z from 'zod';
import { type CommittedEvents, NO_SUBSCRIBERS } from '../../events/committed-events.js';
import type { AnswerAnalysisStore } from '../../ports/answer-analysis-store.js';
import type { Clock } from '../../ports/clock.js';
import type { JobContext } from '../../ports/job-queue.js';
import type { TextAnalyser } from '../../ports/text-analyser.js';
import type { AnalysisSettings } from './analysis-settings.js';
import { answerAnalyzedEvent } from './answer-analyzed-event.js';
import { checkedResult, shortReason } from './checked-result.js';
import { contentHash } from './content-hash.js';

export const AnalyseAnswerPayload = z.object({ answerId: z.string().min(1), requestId: z.string().min(1) });

export interface AnalyseAnswerDeps {
  store: AnswerAnalysisStore;
  analyser: TextAnalyser;
  clock: Clock;
  settings: Pick<AnalysisSettings, 'timeoutMs'>;
  /** Hears `answer.analyzed` once committed (webhooks, the event stream). */
  committed?: CommittedEvents;
}

/**
 * One request's analysis. It runs only while its request is the answer's pending one, and the result is stored
 * only then, together with its event: a job run again after its worker died, or one whose request was superseded
 * (the text changed, an owner asked again), stores nothing twice. The text is read when the job runs, so a
 * transcript edited meanwhile is the one analysed.
 */
export class AnalyseAnswerJob {
  private readonly subscribers: CommittedEvents;

  constructor(private readonly deps: AnalyseAnswerDeps) {
    this.subscribers = deps.committed ?? NO_SUBSCRIBERS;
  }

  readonly handle = async (payload: unknown, context: JobContext): Promise<void> => {
    const { answerId, requestId } = AnalyseAnswerPayload.parse(payload);
    const { store, analyser, clock } = this.deps;
    const row = await store.get(answerId);
    if (!row || row.state !== 'pending' || row.requestId !== requestId) return;
    const answer = await store.source(answerId);
    if (!answer) return;
    const { text } = answer;
    if (!text) {
      await store.fail(answerId, requestId, 'the answer has no text to analyse any more', clock.now().toISOString());
      return;
    }

    let value: unknown;
    try {
      value = await analyser.analyse(text.text, { signal: AbortSignal.any([context.signal, AbortSignal.timeout(this.deps.settings.timeoutMs)]) });
    } catch (error) {
      // Stopping (or a lost lease) is not the engine's fault: the job runs again elsewhere.
      if (context.signal.aborted) throw error;
      if (context.isLastAttempt) {
        const reason = error instanceof Error ? error.message : String(error);
        await store.fail(answerId, requestId, shortReason(`the ${analyser.engine.name} engine failed: ${reason}`), clock.now().toISOString());
        return;
      }
      throw error;
    }

    const checked = checkedResult(value, text.text);
    const now = clock.now();
    if (!checked.ok) {
      // Trying again would get the same answer from the same engine.
      await store.fail(answerId, requestId, checked.reason, now.toISOString());
      return;
    }
    const event = answerAnalyzedEvent({ ...answer, text }, checked.result, now);
    const stored = await store.complete(answerId, requestId, { source: text.source, contentHash: contentHash(text) }, checked.result, now.toISOString(), event);
    if (stored) await this.subscribers.committed(answer.sessionId, [event]);
  };
}
