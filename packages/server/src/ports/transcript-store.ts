import type { ServerEvent, TranscriptionResult, TranscriptSegment, TranscriptStatus } from '@reelback/shared';
import type { IsoTime, Scope } from './store-types.js';

export interface TranscriptRecord {
  clipId: string;
  sessionId: string;
  status: TranscriptStatus;
  jobId: string | null;
  engine: TranscriptionResult['engine'] | null;
  model: string | null;
  language: string | null;
  durationSeconds: number | null;
  processingSeconds: number | null;
  segments: TranscriptSegment[];
  text: string | null;
  original: { text: string; segments: TranscriptSegment[] } | null;
  editedAt: IsoTime | null;
  error: string | null;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

export interface TranscriptSearchRow {
  clipId: string;
  sessionId: string;
  text: string;
}

export interface TranscriptStore {
  /** Records that the clip waits for a transcript (no change when it has a row already). */
  queue(ref: { clipId: string; sessionId: string; jobId: string | null; at: IsoTime }): Promise<void>;
  /** Without a scope: any workspace's transcript (jobs). */
  get(clipId: string, scope?: Scope): Promise<TranscriptRecord | undefined>;
  /**
   * Stores the engine's result, only while the transcript is not `ready`, with `event` in the same transaction:
   * a job run twice stores one transcript and one event. Resolves false when it was ready already.
   */
  complete(clipId: string, result: TranscriptionResult & { processingSeconds: number }, at: IsoTime, event: ServerEvent): Promise<boolean>;
  /**
   * Replaces a ready transcript made by `from` (PocketSphinx) with a better engine's result, with `event`, unless an
   * owner edited it meanwhile (their words win). Resolves false when nothing was replaced.
   */
  replaceMachineTranscript(
    clipId: string,
    from: TranscriptionResult['engine'],
    result: TranscriptionResult & { processingSeconds: number },
    at: IsoTime,
    event: ServerEvent,
  ): Promise<boolean>;
  /** Clip ids of ready, unedited transcripts made by `engine`, in id order after `after` (any workspace: jobs). */
  listMachineTranscripts(engine: TranscriptionResult['engine'], after: string | null, limit: number): Promise<string[]>;
  /** Marks it failed (only while queued), with `event` in the same transaction. */
  fail(clipId: string, error: string, at: IsoTime, event: ServerEvent): Promise<boolean>;
  /** Replaces the segments with an owner's edit; the engine's first version is kept as `original`. */
  edit(scope: Scope, clipId: string, segments: TranscriptSegment[], at: IsoTime): Promise<TranscriptRecord | undefined>;
  /** Full-text search over the scope's transcript text, best matches first. */
  search(scope: Scope, query: string, limit: number): Promise<TranscriptSearchRow[]>;
}
