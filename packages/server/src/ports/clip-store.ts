import type { ClipKind, ClipRendition, ClipStatus, ServerEvent } from '@reelback/shared';
import type { IsoTime, Scope } from './store-types.js';

/** One stored file of a clip; `key` names it in the BlobStore. */
export interface ClipMediaRecord {
  rendition: ClipRendition;
  key: string;
  contentType: string;
  sizeBytes: number;
}

export interface ClipRecord {
  id: string;
  sessionId: string;
  stepId: string;
  kind: ClipKind;
  status: ClipStatus;
  reason: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  /** What ffprobe found inside, e.g. `matroska,webm`. */
  container: string | null;
  media: ClipMediaRecord[];
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

export type ClipChanges = Partial<
  Pick<ClipRecord, 'status' | 'reason' | 'sizeBytes' | 'durationSeconds' | 'width' | 'height' | 'container' | 'media'>
>;

export interface ClipStore {
  insert(clip: ClipRecord): Promise<void>;
  /** Without a scope: any workspace's clip (uploads, jobs). */
  get(id: string, scope?: Scope): Promise<ClipRecord | undefined>;
  listForSession(scope: Scope, sessionId: string): Promise<ClipRecord[]>;
  countForSession(sessionId: string): Promise<number>;
  /**
   * Applies `changes` only when the clip's status is one of `from`, and in the same transaction appends
   * `event` to the clip's session: so a status change and the server event that announces it happen
   * together, once. Resolves the updated clip, or `undefined` when the clip is missing or in another status.
   */
  transition(
    id: string,
    from: readonly ClipStatus[],
    changes: ClipChanges & { updatedAt: IsoTime },
    event?: ServerEvent,
  ): Promise<ClipRecord | undefined>;
  /** Clips whose upload has not finished, oldest first (recovery after a crash). */
  listUploading(limit: number): Promise<ClipRecord[]>;
  /** Whether an answer (a submitted step) names the clip: a submitted clip is never discarded. */
  isSubmitted(id: string): Promise<boolean>;
  /** Ids of clips made before `createdBefore` that no answer names, oldest first (what the unsubmitted sweep discards). */
  listUnsubmittedBefore(createdBefore: IsoTime, limit: number): Promise<string[]>;
  /**
   * Deletes a clip no answer names, with its transcript (a take the viewer threw away; the session's event log keeps
   * what happened);
   * resolves false when it is missing or was submitted meanwhile.
   */
  discard(id: string): Promise<boolean>;
}
