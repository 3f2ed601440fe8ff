import { type CommittedEvents, NO_SUBSCRIBERS } from '../../events/committed-events.js';
import { performance } from 'node:perf_hooks';
import * as z from 'zod';
import type { FlowVersionCache } from '../../flows/flow-versions.js';
import type { BlobStore } from '../../ports/blob-store.js';
import type { Clock } from '../../ports/clock.js';
import type { JobContext, JobQueue } from '../../ports/job-queue.js';
import type { ClipStore } from '../../ports/clip-store.js';
import type { SessionStore } from '../../ports/session-store.js';
import type { TranscriptStore } from '../../ports/transcript-store.js';
import { type Transcriber, TranscriberError } from '../../ports/transcriber.js';
import { transcriptReadyEvent } from '../transcript-ready-event.js';
import { waitForEngine } from '../wait-for-engine.js';

/** Clips PocketSphinx transcribed, transcribed again once Whisper is there. */
export const RETRANSCRIBE_CLIP_QUEUE = 'clip-retranscribe';

export const RetranscribeClipPayload = z.object({ clipId: z.string().min(1) });

export interface RetranscribeDeps {
  sessions: SessionStore;
  clips: ClipStore;
  transcripts: TranscriptStore;
  versions: FlowVersionCache;
  blobs: BlobStore;
  queue: JobQueue;
  /** Whisper itself (not the auto choice, which may still be PocketSphinx). */
  whisper: Transcriber;
  clock: Clock;
  language: string;
  waitForEngineMs: number;
  log?: (line: string) => void;
  /** Hears the new `transcript.ready` once committed (webhooks, live feed), like a first transcription's. */
  committed?: CommittedEvents;
}

/**
 * One job per PocketSphinx transcript, ever: the singleton key is the clip id and the queue keeps it whatever its
 * state, so a second arrival of Whisper or a restart enqueues nothing new; the handler only replaces a transcript
 * still made by PocketSphinx and not edited by an owner, so a job run again after a crash changes nothing twice.
 */
export class Retranscribe {
  constructor(private readonly deps: RetranscribeDeps) {}

  /** Enqueues a job for every ready, unedited PocketSphinx transcript; resolves how many were new. */
  async sweep(): Promise<number> {
    let after: string | null = null;
    let enqueued = 0;
    for (;;) {
      const ids = await this.deps.transcripts.listMachineTranscripts('pocketsphinx', after, 200);
      for (const clipId of ids) {
        const id = await this.deps.queue.enqueue(RETRANSCRIBE_CLIP_QUEUE, { clipId }, { singletonKey: clipId, maxAttempts: 3 });
        if (id !== null) enqueued++;
      }
      if (ids.length < 200) break;
      after = ids[ids.length - 1]!;
    }
    if (enqueued > 0) this.deps.log?.(`transcription: ${enqueued} clip(s) transcribed by PocketSphinx queued to be transcribed again by Whisper`);
    return enqueued;
  }

  readonly handle = async (payload: unknown, context: JobContext): Promise<void> => {
    const { clipId } = RetranscribeClipPayload.parse(payload);
    const { transcripts, clips, sessions, blobs, whisper, clock } = this.deps;
    const existing = await transcripts.get(clipId);
    if (!existing || existing.status !== 'ready' || existing.engine !== 'pocketsphinx' || existing.editedAt) return;
    const clip = await clips.get(clipId);
    const session = clip && (await sessions.get(clip.sessionId));
    const wav = clip?.media.find((m) => m.rendition === 'wav');
    if (!clip || !session || !wav) return;

    await waitForEngine(whisper, { intervalMs: this.deps.waitForEngineMs, signal: context.signal, log: this.deps.log, what: 're-transcription' });
    if (context.signal.aborted) throw new Error('stopped before transcribing');
    const definition = await this.deps.versions.definition(session.flowId, session.flowVersion);
    const language = definition?.transcriptLanguage ?? this.deps.language;
    const started = performance.now();
    try {
      const result = await blobs.withLocalFile(wav.key, (path) => whisper.transcribe(path, { language, signal: context.signal }));
      const processingSeconds = Math.round((performance.now() - started) / 10) / 100;
      const now = clock.now();
      const event = transcriptReadyEvent(session, clip, now, result, processingSeconds);
      const replaced = await transcripts.replaceMachineTranscript(clipId, 'pocketsphinx', { ...result, processingSeconds }, now.toISOString(), event);
      if (replaced) await (this.deps.committed ?? NO_SUBSCRIBERS).committed(clip.sessionId, [event]);
    } catch (error) {
      // The PocketSphinx transcript stays; a final error (unreadable audio) will not get better by trying again.
      if (error instanceof TranscriberError && !error.retryable) {
        this.deps.log?.(`re-transcribing clip ${clipId} with Whisper failed: ${error.message}`);
        return;
      }
      throw error;
    }
  };
}
