import { access, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import type { FlowVersionCache } from '../flows/flow-versions.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { JobContext } from '../ports/job-queue.js';
import type { MediaProcessor } from '../ports/media-processor.js';
import type { ClipMediaRecord, ClipRecord, ClipStore } from '../ports/clip-store.js';
import type { SessionRecordRow, SessionStore } from '../ports/session-store.js';
import { type CommittedEvents, NO_SUBSCRIBERS } from '../events/committed-events.js';
import { clipEvent } from './clip-events.js';
import { type ClipSettings, clipPrefix, originalKey } from './clip-settings.js';

export const ProcessClipPayload = z.object({ clipId: z.string().min(1) });

export interface ClipProcessingDeps {
  sessions: SessionStore;
  clips: ClipStore;
  versions: FlowVersionCache;
  blobs: BlobStore;
  media: MediaProcessor;
  clock: Clock;
  settings: ClipSettings;
  /** Where the tus server keeps uploads in progress (the file of clip X is `X` in it). */
  uploadsDir: string;
  /** Scratch space for ffmpeg's output before it goes into the blob store. */
  workDir: string;
  /** Hears the server events this job commits (webhooks, live feed, transcription hand-off); awaited. */
  committed?: CommittedEvents;
  /**
   * What comes next for a ready clip (transcription), for a job run again after its worker died between storing
   * `clip.processed` and handing the clip on: the subscribers heard the event once, this repeats the hand-off only.
   * Must be idempotent.
   */
  resumeHandOff?: (clip: ClipRecord) => Promise<void>;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * The job run once per finished upload. Every stage is guarded by the clip's status, so a job run again
 * after its worker died picks up where the last one stopped, and each server event is stored once.
 */
export class ClipProcessing {
  private readonly subscribers: CommittedEvents;

  constructor(private readonly deps: ClipProcessingDeps) {
    this.subscribers = deps.committed ?? NO_SUBSCRIBERS;
  }

  readonly handle = async (payload: unknown, context: JobContext): Promise<void> => {
    const { clipId } = ProcessClipPayload.parse(payload);
    let clip = await this.deps.clips.get(clipId);
    if (!clip || clip.status === 'rejected' || clip.status === 'failed') return;
    // Ready already: a run that died after the conversion but before handing the clip on finishes that part.
    if (clip.status === 'ready') return void (await this.deps.resumeHandOff?.(clip));
    const session = await this.deps.sessions.get(clip.sessionId);
    if (!session) return;

    if (clip.status === 'uploading') {
      const checked = await this.check(clip, session);
      if (!checked) return;
      clip = checked;
    }
    try {
      await this.normalise(clip, session, context.signal);
    } catch (error) {
      if (context.isLastAttempt && !context.signal.aborted) {
        const reason = `the recording could not be converted: ${error instanceof Error ? error.message : String(error)}`;
        const now = this.deps.clock.now();
        const event = clipEvent('reelback.clip.failed', session, clip, now, { stage: 'processing', reason });
        const failed = await this.deps.clips.transition(clip.id, ['uploaded'], { status: 'failed', reason, updatedAt: now.toISOString() }, event);
        if (failed) await this.subscribers.committed(clip.sessionId, [event]);
      }
      throw error;
    }
  };

  /** Moves the upload into the blob store and looks inside it; a clip that is not a usable recording ends here. */
  private async check(clip: ClipRecord, session: SessionRecordRow): Promise<ClipRecord | undefined> {
    const { blobs, media, clips, clock } = this.deps;
    const key = originalKey(clip.id);
    const uploaded = join(this.deps.uploadsDir, clip.id);
    if (!(await blobs.stat(key))) {
      if (!(await exists(uploaded))) return this.reject(clip, session, 'the uploaded file is missing', key);
      await blobs.putFile(key, uploaded);
    }
    await rm(`${uploaded}.json`, { force: true });
    const sizeBytes = (await blobs.stat(key))?.sizeBytes ?? 0;
    if (sizeBytes > this.deps.settings.maxUploadBytes) {
      return this.reject(clip, session, `the recording is larger than the limit of ${formatBytes(this.deps.settings.maxUploadBytes)}`, key, sizeBytes);
    }
    const maxDurationSeconds = await this.maxDuration(session, clip.stepId);
    const verdict = await blobs.withLocalFile(key, (path) => media.inspect(path, { kind: clip.kind, maxDurationSeconds }));
    if (!verdict.ok) return this.reject(clip, session, verdict.reason, key, sizeBytes);

    const { probe } = verdict;
    const now = clock.now();
    const width = clip.kind === 'video' ? (probe.video?.width ?? null) : null;
    const height = clip.kind === 'video' ? (probe.video?.height ?? null) : null;
    const original: ClipMediaRecord = {
      rendition: 'original',
      key,
      contentType: originalContentType(probe.container, clip),
      sizeBytes,
    };
    const event = clipEvent('reelback.clip.uploaded', session, clip, now, {
      sizeBytes,
      container: probe.container,
      durationSeconds: probe.durationSeconds,
    });
    const updated = await clips.transition(
      clip.id,
      ['uploading'],
      {
        status: 'uploaded',
        sizeBytes,
        durationSeconds: probe.durationSeconds,
        width,
        height,
        container: probe.container,
        media: [original],
        updatedAt: now.toISOString(),
      },
      event,
    );
    if (updated) await this.subscribers.committed(clip.sessionId, [event]);
    // Another run got there first (the clip moved on meanwhile): read where it stands.
    return updated ?? (await clips.get(clip.id));
  }

  private async reject(clip: ClipRecord, session: SessionRecordRow, reason: string, key: string, sizeBytes?: number): Promise<undefined> {
    const now = this.deps.clock.now();
    const keep = this.deps.settings.keepOriginals;
    const event = clipEvent('reelback.clip.failed', session, clip, now, { stage: 'check', reason });
    const rejected = await this.deps.clips.transition(
      clip.id,
      ['uploading'],
      {
        status: 'rejected',
        reason,
        updatedAt: now.toISOString(),
        ...(sizeBytes === undefined ? {} : { sizeBytes }),
        // Kept when the operator keeps originals: an owner may want to see what was refused.
        ...(keep && sizeBytes !== undefined ? { media: [{ rendition: 'original' as const, key, contentType: 'application/octet-stream', sizeBytes }] } : {}),
      },
      event,
    );
    if (rejected) await this.subscribers.committed(clip.sessionId, [event]);
    // Otherwise nothing will ever read a rejected upload, and it may be large.
    if (!keep) await this.deps.blobs.delete(key);
    return undefined;
  }

  private async normalise(clip: ClipRecord, session: SessionRecordRow, signal: AbortSignal): Promise<void> {
    if (clip.status !== 'uploaded') return;
    const { blobs, media, clips, clock, settings } = this.deps;
    const key = originalKey(clip.id);
    const outDir = join(this.deps.workDir, clip.id);
    await rm(outDir, { recursive: true, force: true });
    await mkdir(outDir, { recursive: true });
    try {
      const result = await blobs.withLocalFile(key, (path) => media.normalise(path, clip.kind, outDir, signal));
      const files: ClipMediaRecord[] = [];
      for (const file of result.files) {
        const fileKey = `${clipPrefix(clip.id)}/${file.rendition}`;
        const { sizeBytes } = await blobs.putFile(fileKey, file.path);
        files.push({ rendition: file.rendition, key: fileKey, contentType: file.contentType, sizeBytes });
      }
      const original = clip.media.find((m) => m.rendition === 'original');
      const keep = settings.keepOriginals && original ? [original] : [];
      const now = clock.now();
      const main = files.find((f) => f.rendition === 'video' || f.rendition === 'audio');
      const event = clipEvent('reelback.clip.processed', session, clip, now, {
        durationSeconds: result.durationSeconds,
        sizeBytes: main?.sizeBytes ?? 0,
        width: result.width,
        height: result.height,
      });
      const done = await clips.transition(
        clip.id,
        ['uploaded'],
        {
          status: 'ready',
          reason: null,
          durationSeconds: result.durationSeconds,
          width: result.width,
          height: result.height,
          media: [...keep, ...files],
          updatedAt: now.toISOString(),
        },
        event,
      );
      // Only once the web-playable media is safely recorded may the original go.
      if (done && !settings.keepOriginals) await blobs.delete(key);
      // The hand-off to transcription is a subscriber: awaited, so the job ends once the clip is handed on.
      if (done) await this.subscribers.committed(clip.sessionId, [event]);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }

  private async maxDuration(session: SessionRecordRow, stepId: string): Promise<number> {
    const definition = await this.deps.versions.definition(session.flowId, session.flowVersion);
    const answer = definition?.steps.find((s) => s.id === stepId)?.answer;
    return answer?.type === 'open' ? answer.maxDurationSeconds : 120;
  }
}

function originalContentType(container: string, clip: ClipRecord): string {
  const base = clip.kind === 'video' ? 'video' : 'audio';
  if (container.includes('webm') || container.includes('matroska')) return `${base}/webm`;
  if (container.includes('mp4') || container.includes('mov')) return `${base}/mp4`;
  if (container.includes('ogg')) return `${base}/ogg`;
  return 'application/octet-stream';
}

function formatBytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${Math.round(bytes / 1_000_000)} MB` : `${Math.round(bytes / 1000)} KB`;
}
