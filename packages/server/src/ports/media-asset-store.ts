import type { CaptionsSource, CaptionsStatus, MediaAssetKind, MediaAssetRendition, MediaAssetStatus, TranscriptEngine, TranscriptSegment } from '@reelback/shared';
import type { IsoTime, Scope } from './store-types.js';

/** The media library's port: rows of the `media_assets` table (migration 0015). */

/** One stored file of an asset; `key` names it in the BlobStore and ends in its content-addressed file name. */
export interface MediaAssetFileRecord {
  rendition: MediaAssetRendition;
  key: string;
  contentType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
}

export interface CaptionsRecord {
  status: CaptionsStatus;
  /**
   * The WebVTT shown. Kept here, not in the asset's `files`, so the captions job and an owner's poster change write
   * different columns and cannot undo each other.
   */
  file: MediaAssetFileRecord | null;
  source: CaptionsSource | null;
  engine: TranscriptEngine | null;
  model: string | null;
  language: string | null;
  /** What is shown. */
  segments: TranscriptSegment[];
  /** The engine's own cues, kept when an owner edits or replaces them. */
  machineSegments: TranscriptSegment[] | null;
  error: string | null;
  updatedAt: IsoTime | null;
}

export interface MediaAssetRecord {
  id: string;
  workspaceId: string | null;
  name: string;
  kind: MediaAssetKind | null;
  status: MediaAssetStatus;
  reason: string | null;
  sizeBytes: number | null;
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  /** What ffprobe found inside, e.g. `mov,mp4,m4a,3gp,3g2,mj2`. */
  container: string | null;
  posterAtSeconds: number | null;
  files: MediaAssetFileRecord[];
  captions: CaptionsRecord;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

export type MediaAssetChanges = Partial<
  Pick<
    MediaAssetRecord,
    'name' | 'kind' | 'status' | 'reason' | 'sizeBytes' | 'durationSeconds' | 'width' | 'height' | 'container' | 'posterAtSeconds' | 'files' | 'captions'
  >
>;

/** Changes apply only while the row is in one of these states (a job run twice changes it once). */
export interface MediaAssetGuard {
  status?: readonly MediaAssetStatus[];
  captionsStatus?: readonly CaptionsStatus[];
  /** Owner writes: only the scope's asset. */
  scope?: Scope;
}

/** Where a page of the newest-first list ends. */
export interface MediaAssetCursor {
  createdAt: IsoTime;
  id: string;
}

export interface FlowVersionRef {
  flowId: string;
  version: number;
}

export interface MediaAssetStore {
  insert(asset: MediaAssetRecord): Promise<void>;
  /** Without a scope: any workspace's asset (uploads, jobs, the public file route). */
  get(id: string, scope?: Scope): Promise<MediaAssetRecord | undefined>;
  /** The scope's assets newest first (`createdAt desc, id desc`) after `after`; `words` must all be in the name (any case). */
  list(scope: Scope, query: { words: readonly string[]; limit: number; after?: MediaAssetCursor }): Promise<MediaAssetRecord[]>;
  /** `undefined` when the asset is missing, outside the scope, or not in a guarded state. */
  update(id: string, changes: MediaAssetChanges & { updatedAt: IsoTime }, guard?: MediaAssetGuard): Promise<MediaAssetRecord | undefined>;
  /** `false` when the scope has no such asset. */
  delete(scope: Scope, id: string): Promise<boolean>;
  /** The scope's published flow versions whose definition mentions the asset (its id, or a URL of its files). */
  versionsUsing(scope: Scope, assetId: string): Promise<FlowVersionRef[]>;
  /** The scope's assets among `ids`, in no particular order. */
  getMany(scope: Scope, ids: readonly string[]): Promise<MediaAssetRecord[]>;
  /** Assets whose upload has not finished, oldest first (recovery after a crash). */
  listUploading(limit: number): Promise<MediaAssetRecord[]>;
}
