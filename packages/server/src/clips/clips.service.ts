import { randomBytes } from 'node:crypto';
import type { ClipInfo, ClipRendition, UploadTicket, UploadTicketRequest } from '@reelback/shared';
import { notFound, ServiceError } from '../errors/service-error.js';
import type { FlowVersionCache } from '../flows/flow-versions.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { ClipMediaRecord, ClipRecord, ClipStore } from '../ports/clip-store.js';
import type { SessionStore } from '../ports/session-store.js';
import type { Scope } from '../ports/store-types.js';
import type { TranscriptStore } from '../ports/transcript-store.js';
import { type CommittedEvents, NO_SUBSCRIBERS } from '../events/committed-events.js';
import { toClipInfo } from './clip-info.js';
import { type ClipSettings, clipPrefix, originalKey, PROCESS_CLIP_QUEUE, UPLOADS_PATH } from './clip-settings.js';
import { clipEvent } from './clip-events.js';
import type { UploadState } from './upload-target.js';
import type { UploadTokens } from './upload-token.js';
import type { UploadArea } from '../ports/upload-area.js';

export interface ClipsServiceDeps {
  sessions: SessionStore;
  clips: ClipStore;
  versions: FlowVersionCache;
  blobs: BlobStore;
  queue: JobQueue;
  /** To cancel a discarded clip's transcription job. */
  transcripts: Pick<TranscriptStore, 'get'>;
  /**
   * Where the tus server keeps uploads in progress: a finished upload is handed over into `blobs` before its job is
   * queued; a discarded upload goes.
   */
  uploads: UploadArea;
  tokens: UploadTokens;
  clock: Clock;
  settings: ClipSettings;
  /** Hears the server events this service commits (a refused upload's `clip.failed`). */
  committed?: CommittedEvents;
}


const newClipId = () => `clp_${randomBytes(16).toString('base64url')}`;

/** The rules around recorded answers: who may upload what, and what happens once the bytes are in. */
export class ClipsService {
  constructor(private readonly deps: ClipsServiceDeps) {}

  get settings(): ClipSettings {
    return this.deps.settings;
  }

  /** A viewer asks to record an answer to one step: the clip is bound to its session and step from here on. */
  async issueTicket(sessionId: string, request: UploadTicketRequest): Promise<UploadTicket> {
    const { sessions, clips, versions, clock, settings, tokens } = this.deps;
    const session = await sessions.get(sessionId);
    if (!session) throw notFound('session-not-found', `There is no session '${sessionId}'.`);
    if (session.completedAt !== null) {
      throw new ServiceError('conflict', 'session-completed', 'This session is completed: it takes no more answers.');
    }
    const definition = await versions.definition(session.flowId, session.flowVersion);
    const step = definition?.steps.find((s) => s.id === request.stepId);
    if (!step) {
      throw new ServiceError('unprocessable', 'unknown-step', `Step '${request.stepId}' is not in this session's flow.`, [
        { path: ['stepId'], message: 'no such step in the flow version of this session' },
      ]);
    }
    if (step.answer.type !== 'open' || !step.answer.kinds.includes(request.kind)) {
      throw new ServiceError('unprocessable', 'kind-not-allowed', `Step '${step.id}' does not take ${request.kind} answers.`, [
        { path: ['kind'], message: `not one of the answer kinds of step '${step.id}'` },
      ]);
    }
    if ((await clips.countForSession(sessionId)) >= settings.maxClipsPerSession) {
      throw new ServiceError(
        'too-many',
        'too-many-clips',
        `This session has made ${settings.maxClipsPerSession} recordings, the most one session may make.`,
      );
    }
    const now = clock.now();
    const id = newClipId();
    await clips.insert({
      id,
      sessionId,
      stepId: step.id,
      kind: request.kind,
      status: 'uploading',
      reason: null,
      mimeType: request.mimeType ?? null,
      sizeBytes: null,
      durationSeconds: null,
      width: null,
      height: null,
      container: null,
      media: [],
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    const expiresAt = new Date(now.getTime() + settings.ticketLifetimeSeconds * 1000);
    return {
      clipId: id,
      uploadUrl: UPLOADS_PATH,
      token: tokens.issue({ clipId: id, expiresAt }),
      maxBytes: settings.maxUploadBytes,
      maxDurationSeconds: step.answer.maxDurationSeconds,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /** An upload request's token must be the one issued for the clip it names (stateless: no clip is read). */
  checkUploadToken(token: string | undefined, clipId: string): void {
    if (token === undefined) {
      throw new ServiceError('forbidden', 'upload-token-missing', 'Send the upload token of this clip as `Authorization: Bearer …`.');
    }
    const verdict = this.deps.tokens.verify(token, this.deps.clock.now());
    if (!verdict.ok) throw new ServiceError('forbidden', 'upload-token-invalid', `Upload refused: ${verdict.reason}.`);
    if (verdict.clipId !== clipId) {
      throw new ServiceError('forbidden', 'upload-token-mismatch', 'Upload refused: this token was issued for another clip.');
    }
  }

  /**
   * Where a clip's upload stands, from its record: `complete` once every byte is in (the size is recorded when the
   * last byte arrives, before the job that moves the file is queued), `closed` when it ended otherwise (refused).
   */
  async uploadState(clipId: string): Promise<UploadState> {
    const clip = await this.deps.clips.get(clipId);
    if (!clip) throw notFound('clip-not-found', `There is no clip '${clipId}'.`);
    if (clip.sizeBytes !== null) return { kind: 'complete', sizeBytes: clip.sizeBytes };
    if (clip.status !== 'uploading') return { kind: 'closed', status: clip.status };
    // A clip whose last byte came before sizes were recorded at that moment: its moved file says so.
    const moved = await this.deps.blobs.stat(originalKey(clip.id));
    return moved ? { kind: 'complete', sizeBytes: moved.sizeBytes } : { kind: 'open' };
  }

  /**
   * All bytes are in: the size goes on the clip first (its upload reads as complete from then on, whatever happens to
   * the file), the file moves into the blob store (where a worker process reads it), then the job that checks and
   * converts it is queued.
   */
  async uploadReceived(clipId: string, sizeBytes: number): Promise<void> {
    await this.deps.clips.transition(clipId, ['uploading'], { sizeBytes, updatedAt: this.deps.clock.now().toISOString() });
    await this.deps.uploads.handOver(clipId, originalKey(clipId));
    await this.uploadFinished(clipId);
  }

  /** Check and convert a clip's bytes in the background (once, however often this is called). */
  async uploadFinished(clipId: string): Promise<void> {
    await this.deps.queue.enqueue(PROCESS_CLIP_QUEUE, { clipId }, { singletonKey: clipId, maxAttempts: 5 });
  }

  /**
   * A take the viewer threw away ("Record again": the widget ends its tus upload with DELETE): the clip row and its
   * transcript, its files (upload, original, renditions) go, and its transcription job is cancelled; its processing
   * job, keyed by the clip, finds no clip and ends. A clip an answer names was submitted: it is the owner's now (409).
   * Missing already: nothing to do.
   */
  async discard(clipId: string): Promise<void> {
    const clip = await this.deps.clips.get(clipId);
    if (!clip) return;
    if (await this.deps.clips.isSubmitted(clipId)) {
      throw new ServiceError('conflict', 'clip-submitted', 'This recording was submitted with an answer: it can no longer be discarded.');
    }
    const transcript = await this.deps.transcripts.get(clipId);
    if (!(await this.deps.clips.discard(clipId))) {
      throw new ServiceError('conflict', 'clip-submitted', 'This recording was submitted with an answer: it can no longer be discarded.');
    }
    if (transcript?.jobId) await this.deps.queue.cancel(transcript.jobId);
    await this.deps.blobs.deletePrefix(clipPrefix(clipId));
    await this.deps.uploads.remove(clipId, originalKey(clipId));
  }

  /** An upload the server refused (e.g. over the size limit): the clip says why, and its session hears of it. */
  async rejectUpload(clipId: string, reason: string): Promise<void> {
    const clip = await this.deps.clips.get(clipId);
    if (!clip || clip.status !== 'uploading') return;
    const session = await this.deps.sessions.get(clip.sessionId);
    if (!session) return;
    const now = this.deps.clock.now();
    const event = clipEvent('reelback.clip.failed', session, clip, now, { stage: 'check', reason });
    const rejected = await this.deps.clips.transition(clipId, ['uploading'], { status: 'rejected', reason, updatedAt: now.toISOString() }, event);
    if (rejected) await (this.deps.committed ?? NO_SUBSCRIBERS).committed(clip.sessionId, [event]);
  }

  /** Owner reads: only clips of the scope's flows; another workspace's clip is answered like a missing one. */
  async get(scope: Scope, clipId: string): Promise<ClipInfo> {
    const clip = await this.deps.clips.get(clipId, scope);
    if (!clip) throw notFound('clip-not-found', `There is no clip '${clipId}'.`);
    return toClipInfo(clip);
  }

  async listForSession(scope: Scope, sessionId: string): Promise<ClipInfo[]> {
    if (!(await this.deps.sessions.get(sessionId, scope))) throw notFound('session-not-found', `There is no session '${sessionId}'.`);
    return (await this.deps.clips.listForSession(scope, sessionId)).map(toClipInfo);
  }

  async media(scope: Scope, clipId: string, rendition: ClipRendition): Promise<ClipMediaRecord> {
    const clip = await this.deps.clips.get(clipId, scope);
    if (!clip) throw notFound('clip-not-found', `There is no clip '${clipId}'.`);
    const file = clip.media.find((m) => m.rendition === rendition);
    if (!file) {
      throw notFound('rendition-not-found', `Clip '${clipId}' has no ${rendition} file (its status is ${clip.status}).`);
    }
    return file;
  }

  /** Clips whose bytes are all in; a crash between the last byte and the enqueue must not strand them. */
  async requeueFinishedUploads(isComplete: (clipId: string) => Promise<boolean>): Promise<number> {
    let requeued = 0;
    for (const clip of await this.deps.clips.listUploading(1000)) {
      if (clip.sizeBytes !== null || (await this.deps.blobs.stat(originalKey(clip.id))) || (await isComplete(clip.id))) {
        await this.uploadFinished(clip.id);
        requeued++;
      }
    }
    return requeued;
  }
}
