import type { AnswerStore } from '../ports/answer-store.js';
import type { AnswerFeed, AnswerFeedKind } from './answer-feed.js';

/**
 * Turns "these answers / this clip changed" into feed messages for the right workspaces. Called after the change
 * is committed (so a listener that reads the answer sees it); never throws into its caller: a lost live update
 * costs a refresh, a failed request or job would cost more.
 */
export class AnswerUpdates {
  constructor(
    private readonly answers: Pick<AnswerStore, 'locate'>,
    private readonly feed: AnswerFeed,
    private readonly logError: (message: string, error: unknown) => void = () => {},
  ) {}

  /** New answers (their `reelback.answer.submitted` events were just stored). */
  added(answerIds: readonly string[]): Promise<void> {
    return this.publish({ ids: answerIds }, 'answer');
  }

  /** Answers whose review state or backlog item changed, in a workspace known already. */
  changedIn(workspaceId: string | null, answerId: string): void {
    this.feed.publish(workspaceId, answerId, 'answer-updated');
  }

  /** Answers whose analysis (#17) was just stored. */
  analysed(answerIds: readonly string[]): Promise<void> {
    return this.publish({ ids: answerIds }, 'answer-updated');
  }

  /** The answers of a clip whose processing or transcript changed. */
  clipChanged(clipId: string): Promise<void> {
    return this.publish({ clipId }, 'answer-updated');
  }

  private async publish(where: { ids: readonly string[] } | { clipId: string }, kind: AnswerFeedKind): Promise<void> {
    try {
      for (const { id, workspaceId } of await this.answers.locate(where)) this.feed.publish(workspaceId, id, kind);
    } catch (error) {
      this.logError('live answer update failed', error);
    }
  }
}
