import { performance } from 'node:perf_hooks';
import * as z from 'zod';
import { clipEvent } from '../clips/clip-events.js';
import { type CommittedEvents, NO_SUBSCRIBERS } from '../events/committed-events.js';
import type { FlowVersionCache } from '../flows/flow-versions.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { JobContext } from '../ports/job-queue.js';
import type { ClipStore } from '../ports/clip-store.js';
import type { SessionStore } from '../ports/session-store.js';
import type { TranscriptStore } from '../ports/transcript-store.js';
import { type Transcriber, TranscriberError } from '../ports/transcriber.js';
import type { TranscriptionSettings } from './transcription-settings.js';
import { transcriptReadyEvent } from './transcript-ready-event.js';
import { waitForEngine } from './wait-for-engine.js';

export const TranscribeClipPayload = z.object({ clipId: z.string().min(1) });

export interface TranscribeClipDeps {
  sessions: SessionStore;
  clips: ClipStore;
  transcripts: TranscriptStore;
  versions: FlowVersionCache;
  blobs: BlobStore;
  transcriber: Transcriber;
  clock: Clock;
  settings: TranscriptionSettings;
  log?: (line: string) => void;
  /** Hears `transcript.ready` / `transcript.failed` once committed (webhooks, live feed). */
  committed?: CommittedEvents;
}

/**
 * One clip's transcription. The transcript is stored only while not ready, together with its event, so a job
 * run again after its worker died leaves one transcript and one `transcript.ready`.
 */
export class TranscribeClipJob {
  private readonly subscribers: CommittedEvents;

  constructor(private readonly deps: TranscribeClipDeps) {
    this.subscribers = deps.committed ?? NO_SUBSCRIBERS;
  }

  readonly handle = async (payload: unknown, context: JobContext): Promise<void> => {
    const { clipId } = TranscribeClipPayload.parse(payload);
    const { transcripts, clips, sessions, blobs, transcriber, clock } = this.deps;
    const existing = await transcripts.get(clipId);
    if (!existing || existing.status !== 'queued') return;
    const clip = await clips.get(clipId);
    const session = clip && (await sessions.get(clip.sessionId));
    const wav = clip?.media.find((m) => m.rendition === 'wav');
    if (!clip || !session || !wav) return;

    await waitForEngine(transcriber, { intervalMs: this.deps.settings.waitForEngineMs, signal: context.signal, log: this.deps.log, what: 'transcription' });
    if (context.signal.aborted) throw new Error('stopped before transcribing');
    const language = await this.language(session.flowId, session.flowVersion);
    const started = performance.now();
    try {
      const result = await blobs.withLocalFile(wav.key, (path) => transcriber.transcribe(path, { language, signal: context.signal }));
      const processingSeconds = Math.round((performance.now() - started) / 10) / 100;
      const now = clock.now();
      const event = transcriptReadyEvent(session, clip, now, result, processingSeconds);
      const stored = await transcripts.complete(clipId, { ...result, processingSeconds }, now.toISOString(), event);
      if (stored) await this.subscribers.committed(clip.sessionId, [event]);
    } catch (error) {
      const final = error instanceof TranscriberError && !error.retryable;
      if ((final || context.isLastAttempt) && !context.signal.aborted) {
        const reason = error instanceof Error ? error.message : String(error);
        const now = clock.now();
        const event = clipEvent('reelback.transcript.failed', session, clip, now, { reason });
        const failed = await transcripts.fail(clipId, reason, now.toISOString(), event);
        if (failed) await this.subscribers.committed(clip.sessionId, [event]);
        // Trying again cannot help (a corrupt model, unreadable audio): the job ends here, with the reason stored.
        if (final) return;
      }
      throw error;
    }
  };

  private async language(flowId: string, version: number): Promise<string> {
    const definition = await this.deps.versions.definition(flowId, version);
    return definition?.transcriptLanguage ?? this.deps.settings.language;
  }
}
