import type { IsoTime } from './store-types.js';

export type BacklogTrackerKind = 'github' | 'jira' | 'linear' | 'webhook';

export interface BacklogItemRecord {
  url: string;
  key: string;
  tracker: BacklogTrackerKind;
  createdAt: IsoTime;
}

/** A workspace's tracker settings as stored: `sealed` is opaque here (the service encrypts and decrypts it). */
export interface TrackerSettingsRecord {
  kind: BacklogTrackerKind;
  sealed: string;
  updatedAt: IsoTime;
}

/** What claiming an answer's hand-off found. */
export type BacklogClaim =
  /** No item, no other hand-off: this caller must call the tracker, then `completeItem` or `releaseItem`. */
  | { state: 'claimed' }
  | { state: 'created'; item: BacklogItemRecord }
  /** Another hand-off is calling the tracker now. */
  | { state: 'pending' };

/** Tracker settings per workspace, and the one backlog item per answer. */
export interface BacklogStore {
  getTracker(workspaceId: string): Promise<TrackerSettingsRecord | undefined>;
  putTracker(workspaceId: string, settings: TrackerSettingsRecord): Promise<void>;
  /** `false` when there was none. */
  deleteTracker(workspaceId: string): Promise<boolean>;
  /**
   * Inserts a pending row for the answer unless it has one; a pending row claimed before `staleBefore` (its
   * hand-off died) is taken over. Atomic, so of two concurrent claims only one gets `claimed`.
   */
  claimItem(answerId: string, tracker: BacklogTrackerKind, at: IsoTime, staleBefore: IsoTime): Promise<BacklogClaim>;
  /** Marks the claimed row created; returns what is stored. */
  completeItem(answerId: string, item: BacklogItemRecord): Promise<void>;
  /** Drops a pending claim (the tracker failed), so the hand-off can be tried again. */
  releaseItem(answerId: string): Promise<void>;
}
