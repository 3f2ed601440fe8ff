import type { ReelbackEvent } from '@reelback/shared';
import type { AnswerUpdates } from '../live/answer-updates.js';
import type { ClipStore } from '../ports/storage.js';
import type { TranscriptionService } from '../transcription/transcription.service.js';
import type { WebhooksService } from '../webhooks/webhooks.service.js';
import type { EventSubscriber } from './committed-events.js';
import type { ProjectionFolder } from './projection-folder.js';

/**
 * Every reaction to a committed event, in one list. Adding one here is the only way to hear commits: nothing patches
 * a store. Each runs after the commit, in this process (see `CommittedEvents`).
 */
export function declareSubscribers(deps: {
  webhooks: Pick<WebhooksService, 'eventsCommitted'>;
  updates: Pick<AnswerUpdates, 'added' | 'clipChanged'>;
  transcription: Pick<TranscriptionService, 'clipReady'>;
  clips: Pick<ClipStore, 'get'>;
  folder: Pick<ProjectionFolder, 'nudge'>;
}): EventSubscriber[] {
  return [webhooksFanout(deps.webhooks), liveAnswerFeed(deps.updates), transcriptionHandOff(deps.transcription, deps.clips), analyticsFold(deps.folder)];
}

/** The analytics facts and rollups: folded soon after the commit, off the request (the folder's sweep catches the rest). */
export function analyticsFold(folder: Pick<ProjectionFolder, 'nudge'>): EventSubscriber {
  return { name: 'analytics fold', committed: () => folder.nudge() };
}

/** Webhook deliveries and the live event stream; the fan-out sweep catches what a crash made this one miss. */
export function webhooksFanout(webhooks: Pick<WebhooksService, 'eventsCommitted'>): EventSubscriber {
  return { name: 'webhooks', committed: ({ sessionId, events }) => webhooks.eventsCommitted(sessionId, events) };
}

/** The inbox's live feed: new answers, and answers whose clip or transcript settled. */
export function liveAnswerFeed(updates: Pick<AnswerUpdates, 'added' | 'clipChanged'>): EventSubscriber {
  return {
    name: 'live answer feed',
    async committed({ events }) {
      const answers = events.filter((e) => e.type === 'reelback.answer.submitted').map((e) => e.id);
      const work: Promise<void>[] = [];
      if (answers.length > 0) work.push(updates.added(answers));
      for (const clipId of new Set(events.map(settledClip).filter((id): id is string => id !== null))) work.push(updates.clipChanged(clipId));
      await Promise.all(work);
    },
  };
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
