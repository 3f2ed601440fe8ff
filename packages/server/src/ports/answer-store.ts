import type { ClipStatus, Sentiment } from '@reelback/shared';
import type { BacklogItemRecord } from './backlog-store.js';
import type { IsoTime, Scope } from './store-types.js';

export type AnswerReviewStatus = 'new' | 'reviewed' | 'archived';

/** One answer as the inbox shows it, with its clip and transcript as they are now. */
export interface AnswerRecord {
  /** The `reelback.answer.submitted` event's id. */
  id: string;
  sessionId: string;
  flowId: string;
  flowVersion: number;
  stepId: string;
  kind: string;
  /** The event's `answer`, as the viewer sent it (contact fields included: the service decides what to show). */
  value: unknown;
  text: string | null;
  clip: { id: string; status: ClipStatus; durationSeconds: number | null; hasPoster: boolean } | null;
  /** The clip's transcript text, once ready. */
  transcriptText: string | null;
  status: AnswerReviewStatus;
  starred: boolean;
  tags: string[];
  note: string | null;
  submittedAt: IsoTime;
  /** The tracker item made of it (a hand-off still calling the tracker is not one yet). */
  backlogItem: BacklogItemRecord | null;
}

/** Where a page of the newest-first answer list ends. */
export interface AnswerCursor {
  submittedAt: IsoTime;
  id: string;
}

export interface AnswerQuery extends AnswerFilter {
  limit: number;
  after?: AnswerCursor;
}

/** The inbox filters; every one given must hold. */
export interface AnswerFilter {
  flowId?: string;
  stepId?: string;
  kind?: string;
  status?: AnswerReviewStatus;
  tag?: string;
  starred?: boolean;
  /** Submitted at or after. */
  from?: IsoTime;
  /** Submitted before. */
  to?: IsoTime;
  /** Words of the typed text or of the clip's ready transcript (full-text, in SQL). */
  q?: string;
  /** Answers whose analysis (#17) is `analyzed` with this sentiment. */
  sentiment?: Sentiment;
}

export interface AnswerChanges {
  status?: AnswerReviewStatus;
  starred?: boolean;
  note?: string | null;
  /** Replaces the set (normalised already). */
  tags?: string[];
}

/**
 * Answers: one per accepted `reelback.answer.submitted` event, written with the event (in the same transaction,
 * by whichever engine's event log stores it), with the owners' review state.
 */
export interface AnswerStore {
  /** Newest first (`submittedAt desc, id desc`), after `after`. */
  list(scope: Scope, query: AnswerQuery): Promise<AnswerRecord[]>;
  /** How many answers `list` would give with these filters, over every page. */
  count(scope: Scope, query: AnswerFilter): Promise<number>;
  get(scope: Scope, id: string): Promise<AnswerRecord | undefined>;
  /** `undefined` when the scope has no such answer. */
  update(scope: Scope, id: string, changes: AnswerChanges, at: IsoTime): Promise<AnswerRecord | undefined>;
  /** The scope's distinct tags starting with `prefix`, in order. */
  tags(scope: Scope, prefix: string, limit: number): Promise<string[]>;
  /**
   * The answers among `ids`, or those of the clip `clipId`, with their flow's workspace, in any workspace:
   * for live updates, which must know whose feed an answer changed in.
   */
  locate(where: { ids: readonly string[] } | { clipId: string }): Promise<{ id: string; workspaceId: string | null }[]>;
}
