import type { ReelbackEvent } from '@reelback/shared';
import type { AnswerAnalysisPipeline } from '../insights/pipeline/answer-analysis.service.js';
import type { AnswerUpdates } from '../live/answer-updates.js';
import type { ClipStore } from '../ports/clip-store.js';
import type { TranscriptionService } from '../transcription/transcription.service.js';
import type { StoredEventBus } from '../webhooks/event-bus.js';
import type { FanoutEvent } from '../ports/webhook-store.js';
import type { WebhooksService } from '../webhooks/webhooks.service.js';
import type { CommittedLogTail, LogReader } from './log-tail.js';
import type { EventSubscriber } from './committed-events.js';
import type { ProjectionFolder } from './projection-folder.js';

/**
 * Every reaction to a committed event, in one list. Adding one here is the only way to hear commits: nothing patches
 * a store. Each runs after the commit, in this process (see `CommittedEvents`). With `liveFromLog` (PostgreSQL, where
 * several processes share the log) the live updates are not made here but by every process from the log
 * (`declareLogReaders`): this process only announces the commit.
 */
export function declareSubscribers(deps: {
  webhooks: Pick<WebhooksService, 'eventsCommitted'>;
  updates: Pick<AnswerUpdates, 'added' | 'clipChanged' | 'analysed'>;
  transcription: Pick<TranscriptionService, 'clipReady'>;
  clips: Pick<ClipStore, 'get'>;
  liveFromLog?: Pick<CommittedLogTail, 'announce'>;
  analysis: Pick<AnswerAnalysisPipeline, 'answersSubmitted' | 'transcriptChanged'>;
  folder: Pick<ProjectionFolder, 'nudge'>;
}): EventSubscriber[] {
  const live = deps.liveFromLog ? liveAnnouncement(deps.liveFromLog) : liveAnswerFeed(deps.updates);
  return [
    webhooksFanout(deps.webhooks),
    live,
    transcriptionHandOff(deps.transcription, deps.clips),
    answerAnalysisHandOff(deps.analysis),
    analyticsFold(deps.folder),
  ];
}

/** The analytics facts and rollups: folded soon after the commit, off the request (the folder's sweep catches the rest). */
export function analyticsFold(folder: Pick<ProjectionFolder, 'nudge'>): EventSubscriber {
  return { name: 'analytics fold', committed: () => folder.nudge() };
}

/**
 * What every process does with each committed event it reads from the shared log (`events/log-tail.ts`), wherever
 * the event was committed: the live event stream and the inbox's live feed of this process's connected owners.
 */
export function declareLogReaders(deps: { stream: Pick<StoredEventBus, 'publish'>; updates: Pick<AnswerUpdates, 'added' | 'clipChanged' | 'analysed'> }): LogReader[] {
  return [
    {
      name: 'live event stream',
      read(events) {
        // Consecutive events of one workspace go together, in the log's order.
        let run: FanoutEvent[] = [];
        const flush = () => {
          if (run.length > 0) deps.stream.publish(run[0]!.workspaceId, run.map((e) => e.event));
          run = [];
        };
        for (const event of events) {
          if (run.length > 0 && run[0]!.workspaceId !== event.workspaceId) flush();
          run.push(event);
        }
        flush();
      },
    },
    { name: 'live answer feed', read: (events) => answerFeedUpdates(deps.updates, events.map((e) => e.event)) },
  ];
}

/** Webhook deliveries and (one process) the live event stream; the fan-out sweep catches what a crash made this one miss. */
export function webhooksFanout(webhooks: Pick<WebhooksService, 'eventsCommitted'>): EventSubscriber {
  return { name: 'webhooks', committed: ({ sessionId, events }) => webhooks.eventsCommitted(sessionId, events) };
}

/** The inbox's live feed: new answers, and answers whose clip, transcript or analysis settled. */
export function liveAnswerFeed(updates: Pick<AnswerUpdates, 'added' | 'clipChanged' | 'analysed'>): EventSubscriber {
  return { name: 'live answer feed', committed: ({ events }) => answerFeedUpdates(updates, events) };
}

/** Tells every process that the log grew, so each reads it for its live updates. */
export function liveAnnouncement(tail: Pick<CommittedLogTail, 'announce'>): EventSubscriber {
  return { name: 'live updates across processes', committed: ({ events }) => tail.announce(events[events.length - 1]!.id) };
}

async function answerFeedUpdates(updates: Pick<AnswerUpdates, 'added' | 'clipChanged' | 'analysed'>, events: readonly ReelbackEvent[]): Promise<void> {
  const answers = events.filter((e) => e.type === 'reelback.answer.submitted').map((e) => e.id);
  const work: Promise<void>[] = [];
  if (answers.length > 0) work.push(updates.added(answers));
  const analysed = events.flatMap((e) => (e.type === 'reelback.answer.analyzed' ? [e.data.answerId] : []));
  if (analysed.length > 0) work.push(updates.analysed(analysed));
  for (const clipId of new Set(events.map(settledClip).filter((id): id is string => id !== null))) work.push(updates.clipChanged(clipId));
  await Promise.all(work);
}

/** A clip whose web-playable media (and WAV) is stored waits for its transcript from then on. */
export function transcriptionHandOff(transcription: Pick<TranscriptionService, 'clipReady'>, clips: Pick<ClipStore, 'get'>): EventSubscriber {
  return {
    name: 'transcription hand-off',
    async committed({ events }) {
      for (const event of events) {
        if (event.type !== 'reelback.clip.processed') continue;
        const clip = await clips.get(event.data.clipId);
        if (clip?.status === 'ready') await transcription.clipReady(clip);
      }
    },
  };
}

/**
 * Answers' texts go to the analysis (#17) when they arrive or change: a typed answer stored, a clip's transcript ready
 * or made again by a better engine (an owner's edit is not an event: the transcription service hands it over itself).
 */
export function answerAnalysisHandOff(analysis: Pick<AnswerAnalysisPipeline, 'answersSubmitted' | 'transcriptChanged'>): EventSubscriber {
  return {
    name: 'answer analysis hand-off',
    async committed({ events }) {
      const answers = events.filter((e) => e.type === 'reelback.answer.submitted').map((e) => e.id);
      if (answers.length > 0) await analysis.answersSubmitted(answers);
      for (const event of events) if (event.type === 'reelback.transcript.ready') await analysis.transcriptChanged(event.data.clipId);
    },
  };
}

/** The clip whose processing or transcript reached an end with this event, if any. */
function settledClip(event: ReelbackEvent): string | null {
  switch (event.type) {
    case 'reelback.clip.processed':
    case 'reelback.clip.failed':
    case 'reelback.transcript.ready':
    case 'reelback.transcript.failed':
      return event.data.clipId;
    default:
      return null;
  }
}
