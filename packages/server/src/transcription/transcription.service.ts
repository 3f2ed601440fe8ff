import type { TranscriptInfo, TranscriptSearchHit, TranscriptSegment } from '@reelback/shared';
import { notFound, ServiceError } from '../errors/service-error.js';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { ClipRecord, ClipStore } from '../ports/clip-store.js';
import type { Scope } from '../ports/store-types.js';
import type { TranscriptRecord, TranscriptStore } from '../ports/transcript-store.js';
import type { Transcriber } from '../ports/transcriber.js';
import { POCKETSPHINX_ACCURACY_NOTE } from './pocketsphinx/pocketsphinx-transcriber.js';
import { toSrt, toWebVtt } from './subtitle-formats.js';
import { TRANSCRIBE_CLIP_QUEUE } from './transcription-settings.js';

export interface TranscriptionServiceDeps {
  clips: ClipStore;
  transcripts: TranscriptStore;
  queue: JobQueue;
  /** null when transcription is off. */
  transcriber: Transcriber | null;
  clock: Clock;
  /** Told after an owner's edit is stored (the answer's text changed: its analysis follows). */
  edited?: (clipId: string) => Promise<void>;
}

/** Transcripts: queued when a clip is ready, read, edited (the original kept), exported and searched. */
export class TranscriptionService {
  constructor(private readonly deps: TranscriptionServiceDeps) {}

  /** Called for every clip that became ready; safe to call again (one job and one row per clip). */
  async clipReady(clip: ClipRecord): Promise<void> {
    if (!this.deps.transcriber || !clip.media.some((m) => m.rendition === 'wav')) return;
    const at = this.deps.clock.now().toISOString();
    if (await this.deps.transcripts.get(clip.id)) return;
    const jobId = await this.deps.queue.enqueue(TRANSCRIBE_CLIP_QUEUE, { clipId: clip.id }, { singletonKey: clip.id, maxAttempts: 4 });
    await this.deps.transcripts.queue({ clipId: clip.id, sessionId: clip.sessionId, jobId, at });
  }

  /** Owner operations see the scope's transcripts only (through clip → session → flow); others are answered as missing. */
  async get(scope: Scope, clipId: string): Promise<TranscriptInfo> {
    const record = await this.record(scope, clipId);
    const job = record.jobId ? await this.deps.queue.status(record.jobId).catch(() => undefined) : undefined;
    return {
      clipId,
      status: record.status,
      engine: record.engine,
      // By the engine that made it, not the one in use now: a PocketSphinx transcript stays marked after Whisper arrives.
      accuracyNote: record.engine === 'pocketsphinx' ? POCKETSPHINX_ACCURACY_NOTE : null,
      model: record.model,
      language: record.language,
      durationSeconds: record.durationSeconds,
      processingSeconds: record.processingSeconds,
      text: record.text,
      segments: record.segments,
      editedAt: record.editedAt,
      original: record.original,
      error: record.error,
      job: job ? { state: job.state, attempts: job.attempts, lastError: job.lastError } : null,
    };
  }

  async edit(scope: Scope, clipId: string, segments: TranscriptSegment[]): Promise<TranscriptInfo> {
    const record = await this.record(scope, clipId);
    if (record.status !== 'ready') {
      throw new ServiceError('conflict', 'transcript-not-ready', `The transcript of clip '${clipId}' is ${record.status}: it can be edited once ready.`);
    }
    for (const [i, segment] of segments.entries()) {
      if (segment.end < segment.start) {
        throw new ServiceError('unprocessable', 'segment-times', 'A segment ends before it starts.', [
          { path: ['segments', i, 'end'], message: 'must not be before start' },
        ]);
      }
    }
    await this.deps.transcripts.edit(scope, clipId, segments, this.deps.clock.now().toISOString());
    await this.deps.edited?.(clipId);
    return this.get(scope, clipId);
  }

  async export(scope: Scope, clipId: string, format: 'vtt' | 'srt'): Promise<string> {
    const record = await this.record(scope, clipId);
    if (record.status !== 'ready') throw notFound('transcript-not-ready', `The transcript of clip '${clipId}' is ${record.status}.`);
    return format === 'vtt' ? toWebVtt(record.segments) : toSrt(record.segments);
  }

  async search(scope: Scope, query: string, limit: number): Promise<TranscriptSearchHit[]> {
    return this.deps.transcripts.search(scope, query, limit);
  }

  private async record(scope: Scope, clipId: string): Promise<TranscriptRecord> {
    const record = await this.deps.transcripts.get(clipId, scope);
    if (record) return record;
    const clip = await this.deps.clips.get(clipId, scope);
    if (!clip) throw notFound('clip-not-found', `There is no clip '${clipId}'.`);
    throw notFound('no-transcript', `Clip '${clipId}' has no transcript (${clip.status === 'ready' ? 'transcription is off or the clip has no sound' : `the clip is ${clip.status}`}).`);
  }
}
