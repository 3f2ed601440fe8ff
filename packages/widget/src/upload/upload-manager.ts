// The resumable upload client: sends each recorded clip with tus 1.0.0 WHILE it is being recorded, keeps every
// chunk in IndexedDB first (layout: upload-db.ts) and goes on after the recorder element is gone. One manager
// per page (`uploads`); it reports submitted clips through upload-status.ts. Loaded with the recorder, or by
// `resumePendingUploads()` when a previous page left a submitted clip unsent.
import type { ClipKind, UploadTicket } from '@reelback/shared';
import type { DetailedError, UploadOptions } from 'tus-js-client';
import { askTicketAgain } from './ask-ticket-again.js';
import { BaseUpload, refusalMessage, refused, statusOf, XHRHttpStack } from './tus-client.js';
import { chunkRange, clipLockName, deleteStoredClip, inStores, type StoredClip } from './upload-db.js';
import { liveClips, publishUploadStatus, type UploadStatus } from './upload-status.js';

export const WAITING_FOR_NETWORK = 'Waiting for the network — keep this page open';

export interface UploadManagerOptions {
  /** Bytes per PATCH at most (while recording, each PATCH carries what is new: about one second). */
  chunkSize?: number;
  /** tus's own quick retries (ms) before the upload pauses. */
  retryDelays?: number[];
  /** After the quick retries, how long a paused upload waits before trying again (an `online` event wakes it sooner). */
  pauseMs?: number;
}

const DEFAULTS: Required<UploadManagerOptions> = {
  chunkSize: 512 * 1024,
  retryDelays: [0, 1000, 3000, 6000, 12000, 24000],
  pauseMs: 15_000,
};

/** What the recorder knows when it starts a clip. */
export interface NewClip {
  endpoint: string;
  sessionId: string;
  stepId: string;
  kind: ClipKind;
  mimeType: string;
  /** Asks the server for the clip's ticket (called at once, and again by `submit()` if it failed). */
  requestTicket: () => Promise<UploadTicket>;
}

/** Holds a Web Lock until the returned function is called; null when `ifAvailable` and another holder has it. */
function holdLock(name: string, ifAvailable = false): Promise<(() => void) | null> {
  const locks = globalThis.navigator?.locks;
  const noop = () => undefined;
  if (!locks) return Promise.resolve(noop);
  return new Promise((granted) => {
    locks
      .request(name, { ifAvailable }, (lock) => (lock ? new Promise<void>((release) => granted(() => release())) : granted(null)))
      .catch(() => granted(noop));
  });
}

/** A clip's record once its ticket has come (before that it is kept under a `local:` key, upload-db.ts). */
type TicketedClip = StoredClip & { ticket: UploadTicket };
/** What a clip's record says whether or not its ticket has come. */
type ClipFacts = Pick<StoredClip, 'endpoint' | 'sessionId' | 'stepId' | 'kind' | 'mimeType'>;

const endpointOf = (record: TicketedClip) => new URL(record.ticket.uploadUrl, record.endpoint ? `${record.endpoint}/` : location.href).href;
/** Where the server keeps a clip's upload: its creation's Location, or the clip's own name under the endpoint. */
const uploadUrlOf = (record: TicketedClip) => record.uploadUrl ?? `${endpointOf(record).replace(/\/+$/, '')}/${encodeURIComponent(record.clipId)}`;
/**
 * The upload to resume (HEAD, then PATCH from the server's offset), or null to create it (POST). Only once a creation
 * was sent can there be one: probing before that only earns a 404 in the host page's console on every recording.
 */
const resumeUrlOf = (record: TicketedClip) => (record.uploadUrl || record.creationSent !== false ? uploadUrlOf(record) : null);

/**
 * What tus reads from: the clip's chunks so far. While recording it hands out whatever is new (never waiting
 * for a full `chunkSize`) and waits when there is nothing yet; once the recording stopped it says `done` on the
 * last slice, and tus then sends `Upload-Length`.
 */
class ChunkSource {
  size = 0; // unused: the length is deferred
  private cancelled = false;

  constructor(private readonly clip: ClipUpload) {}

  async slice(start: number, end: number): Promise<{ value: Blob; done: boolean }> {
    for (;;) {
      if (this.cancelled) throw new Error('upload stopped');
      const { bytes, finished } = this.clip;
      if (finished || bytes > start) return { value: this.clip.read(start, Math.min(end, bytes)), done: finished && end >= bytes };
      await this.clip.changed();
    }
  }

  close(): void {}

  /** A stopped upload must not send a PATCH it was still waiting to fill. */
  cancel(): void {
    this.cancelled = true;
    this.clip.wake();
  }
}

/** One clip: its chunks, its record in IndexedDB and its tus upload. */
export class ClipUpload {
  clipId: string | null = null;
  /** Bytes recorded so far. */
  bytes = 0;
  finished = false;
  submitted = false;
  state: UploadStatus['state'] = 'uploading';
  message = 'Sending';
  waiting: UploadStatus['waiting'];
  bytesSent = 0;
  /** Called on every change (the recorder element shows it). */
  onchange: ((status: UploadStatus) => void) | null = null;

  private record: TicketedClip | null = null;
  /** The key the clip is kept under until its ticket comes. */
  private localId = `local:${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  private createdAt = Date.now();
  private releaseLocalLock: () => void = () => undefined;
  private blobs: Blob[] = [];
  private joined: Blob | null = null;
  private durationSeconds: number | null = null;
  private ticket!: Promise<UploadTicket>;
  private ticketFailed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private waiters: (() => void)[] = [];
  private tus: BaseUpload | null = null;
  private source: ChunkSource | null = null;
  private stopped = false;
  private persist = true;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private releaseLock: () => void = () => undefined;

  constructor(
    private readonly manager: UploadManager,
    private clip: NewClip | null,
    private readonly facts: ClipFacts | null = clip,
  ) {
    if (!clip) return;
    liveClips.add(this.localId);
    void holdLock(clipLockName(this.localId)).then((release) => {
      if (release && (this.stopped || this.record)) release(); // no longer kept under the local key
      else if (release) this.releaseLocalLock = release;
    });
    this.askTicket(clip);
  }

  /** A submitted clip a previous page left unsent. */
  static resumed(manager: UploadManager, record: TicketedClip, chunks: ArrayBuffer[], releaseLock: () => void): ClipUpload {
    const upload = new ClipUpload(manager, null);
    Object.assign(upload, { record, clipId: record.clipId, submitted: true, finished: true, releaseLock });
    upload.keep(chunks);
    liveClips.add(record.clipId);
    return upload;
  }

  /** A submitted clip a previous page kept before its ticket came: asks for the ticket again, then uploads it. */
  static awaitingTicket(manager: UploadManager, record: StoredClip, chunks: ArrayBuffer[], releaseLock: () => void): ClipUpload {
    const { endpoint, sessionId, stepId, kind, mimeType } = record;
    const upload = new ClipUpload(manager, null, record);
    Object.assign(upload, { localId: record.clipId, createdAt: record.createdAt, submitted: true, finished: record.finished, releaseLocalLock: releaseLock });
    Object.assign(upload, { durationSeconds: record.durationSeconds });
    upload.keep(chunks);
    liveClips.add(record.clipId);
    const requestTicket = () => askTicketAgain(endpoint, sessionId, { stepId, kind, mimeType });
    upload.clip = { endpoint, sessionId, stepId, kind, mimeType, requestTicket };
    upload.askTicket(upload.clip);
    return upload;
  }

  private keep(chunks: ArrayBuffer[]): void {
    this.blobs = chunks.map((chunk) => new Blob([chunk]));
    this.bytes = this.blobs.reduce((sum, blob) => sum + blob.size, 0);
  }

  /** Bytes [start, end) of the recording. */
  read(start: number, end: number): Blob {
    this.joined ??= new Blob(this.blobs);
    return this.joined.slice(start, end);
  }

  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** Adds the next MediaRecorder chunk: stored in IndexedDB first, then offered to the upload. */
  append(chunk: Blob): Promise<unknown> {
    return this.enqueue(async () => {
      const buffer = await chunk.arrayBuffer();
      const n = this.blobs.length;
      const record = this.record ?? this.localRecord();
      // Before the ticket, under the local key with its record (written with the first chunk, kept up to date).
      await this.save((clips, chunks) => {
        if (!this.record) clips.put(record);
        chunks.put(buffer, [record.clipId, n]);
      });
      this.blobs.push(chunk);
      this.joined = null;
      this.bytes += chunk.size;
      this.wake();
      this.publish();
    });
  }

  /** The recording stopped: no more chunks. */
  finish(durationSeconds: number): Promise<unknown> {
    return this.enqueue(async () => {
      this.finished = true;
      this.durationSeconds = durationSeconds;
      await this.saveRecord();
      this.wake();
      this.publish();
    });
  }

  /**
   * The viewer sends the clip: from now on it must reach the server, even after a reload. Resolves with the
   * clip id (asking again for a ticket that failed); rejects with a message a viewer can read.
   */
  async submit(): Promise<string> {
    if (this.state === 'failed') throw new Error(this.message);
    if (this.ticketFailed && this.clip) this.askTicket(this.clip);
    // To be sent from now on, ticket or not: a page reloaded before the ticket comes asks for it again.
    await this.enqueue(async () => {
      this.submitted = true;
      await this.saveRecord();
      this.publish();
    });
    return (await this.ticket).clipId;
  }

  /** Re-record or back out: forget the clip here, and end its server upload (tus termination: the server deletes it). */
  discard(): Promise<unknown> {
    this.shutdown();
    const record = this.record;
    if (record && record.creationSent !== false && !this.submitted) {
      // Best effort: a take the server never hears about is swept with its ticket.
      void fetch(uploadUrlOf(record), {
        method: 'DELETE',
        headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${record.ticket.token}` },
        keepalive: true,
      }).catch(() => undefined);
    }
    this.blobs = [];
    this.joined = null;
    return this.enqueue(() => this.forget());
  }

  status(): UploadStatus {
    const { clipId, state, message, bytesSent } = this;
    const status: UploadStatus = { clipId: clipId ?? '', state, bytesSent, bytesTotal: this.finished ? this.bytes : null, message };
    if (state === 'paused') status.waiting = this.waiting;
    return status;
  }

  /** Starts (or restarts) the tus upload: creation the first time, then HEAD and on from the server's offset. */
  start(): void {
    const record = this.record;
    if (this.stopped || !record || this.state === 'done' || this.state === 'failed') return;
    this.halt();
    if (globalThis.navigator?.onLine === false) return this.pause(WAITING_FOR_NETWORK);
    const endpoint = endpointOf(record);
    const source = (this.source = new ChunkSource(this));
    const { chunkSize, retryDelays } = this.manager.options;
    const options: UploadOptions = {
      ...BaseUpload.defaultOptions,
      endpoint,
      // The server names each upload after its clip: once a creation was sent, the client looks there first (HEAD)
      // and creates the upload only when that fails, so a creation whose answer was lost, or a reload, goes on instead
      // of a refused second POST. Before that there is nothing to look for: create straight away.
      uploadUrl: resumeUrlOf(record),
      uploadLengthDeferred: true,
      chunkSize,
      retryDelays,
      headers: { Authorization: `Bearer ${record.ticket.token}` },
      metadata: { clipId: record.clipId },
      httpStack: new XHRHttpStack(),
      fileReader: { openFile: () => Promise.resolve(source) },
      fingerprint: () => Promise.resolve(null as unknown as string),
      storeFingerprintForResuming: false,
      onShouldRetry: (error) => !refused(statusOf(error)),
      onBeforeRequest: (request) => {
        if (request.getMethod() !== 'POST' || record.creationSent) return;
        // From now on the upload may exist (the answer can be lost): tus's own retry, a restart and a later page
        // look for it first.
        record.creationSent = true;
        tus.options.uploadUrl = uploadUrlOf(record);
        void this.enqueue(() => this.saveRecord());
      },
      onUploadUrlAvailable: () => {
        if (tus.url && tus.url !== record.uploadUrl) {
          record.uploadUrl = tus.url;
          void this.enqueue(() => this.saveRecord());
        }
      },
      onProgress: (sent) => {
        this.bytesSent = sent;
        this.publish();
      },
      onSuccess: () => void this.enqueue(() => this.succeed()),
      onError: (error) => this.failed(error),
    };
    const tus = (this.tus = new BaseUpload(source, options));
    this.state = 'uploading';
    this.message = 'Sending';
    this.publish();
    tus.start();
  }

  /** Stops sending until `start()` (an `online` event or the pause timer). */
  pause(message: string, retryInMs?: number): void {
    this.halt();
    this.state = 'paused';
    this.message = message;
    this.waiting = message === WAITING_FOR_NETWORK ? 'network' : 'server';
    if (retryInMs !== undefined) this.retryTimer = setTimeout(() => this.start(), retryInMs);
    this.publish();
  }

  /** Stops everything here and lets go of the clip, keeping IndexedDB (what a page going away does). */
  shutdown(): void {
    this.stopped = true;
    this.halt();
    this.wake();
    this.manager.clips.delete(this);
    if (this.clipId) liveClips.delete(this.clipId);
    liveClips.delete(this.localId);
    this.releaseLock();
    this.releaseLocalLock();
  }

  private halt(): void {
    clearTimeout(this.retryTimer);
    this.source?.cancel();
    void this.tus?.abort();
    this.tus = this.source = null;
  }

  private askTicket(clip: NewClip): void {
    this.ticketFailed = false;
    this.ticket = clip.requestTicket().then((ticket) => {
      void this.enqueue(() => this.ticketArrived(ticket, clip));
      return ticket;
    });
    this.ticket.catch(() => (this.ticketFailed = true));
  }

  private async ticketArrived(ticket: UploadTicket, clip: ClipFacts): Promise<void> {
    if (this.stopped) return;
    const { clipId } = ticket;
    this.clipId = clipId;
    liveClips.add(clipId);
    this.releaseLock = (await holdLock(clipLockName(clipId))) ?? this.releaseLock;
    const { endpoint, sessionId, stepId, kind, mimeType } = clip;
    const localId = this.localId;
    this.record = {
      clipId,
      endpoint,
      ticket,
      uploadUrl: null,
      creationSent: false,
      kind,
      mimeType,
      sessionId,
      stepId,
      submitted: this.submitted,
      finished: this.finished,
      durationSeconds: this.durationSeconds,
      createdAt: Date.now(),
    };
    const record = this.record;
    const buffers = await Promise.all(this.blobs.map((blob) => blob.arrayBuffer()));
    // The kept take moves from its local key to the clip's, in one transaction: never lost, never twice.
    await this.save((clips, chunks) => {
      clips.put(record);
      buffers.forEach((buffer, n) => chunks.put(buffer, [clipId, n]));
      clips.delete(localId);
      chunks.delete(chunkRange(localId));
    });
    liveClips.delete(localId);
    this.releaseLocalLock();
    this.start();
  }

  /** The clip's record while it has no ticket, under its local key. */
  private localRecord(): StoredClip {
    const { submitted, finished, durationSeconds, createdAt } = this;
    const { endpoint, sessionId, stepId, kind, mimeType } = this.facts!; // not the whole NewClip: it holds a function
    return { endpoint, sessionId, stepId, kind, mimeType, clipId: this.localId, ticket: null, uploadUrl: null, creationSent: false, submitted, finished, durationSeconds, createdAt };
  }

  private failed(error: DetailedError | Error): void {
    const status = statusOf(error);
    // "Already received" (409) or "gone" (410) may only mean the upload finished: the answer to the last PATCH was
    // lost, or the server moved the file on. Ask before telling the viewer it failed.
    if (status === 409 || status === 410) void this.enqueue(() => this.settle(error, status));
    else if (refused(status)) this.refuse(error, status);
    else if (status) this.pause('The server is not answering. Trying again soon.', this.manager.options.pauseMs);
    else this.pause(WAITING_FOR_NETWORK, this.manager.options.pauseMs);
  }

  /** After a 409/410: done if the server holds the whole recording, refused if not, paused if it cannot be asked. */
  private async settle(error: DetailedError | Error, status: number): Promise<void> {
    const record = this.record;
    if (this.stopped || !record) return;
    if (!this.finished) return this.refuse(error, status);
    try {
      const head = await fetch(uploadUrlOf(record), {
        method: 'HEAD',
        headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${record.ticket.token}` },
        cache: 'no-store',
      });
      const offset = head.headers.get('Upload-Offset');
      if (this.stopped) return;
      if (head.ok && offset === String(this.bytes) && head.headers.get('Upload-Length') === offset) return this.succeed();
      this.refuse(error, status);
    } catch {
      this.pause(WAITING_FOR_NETWORK, this.manager.options.pauseMs);
    }
  }

  /** The server will not take it (too large, bad or expired ticket, clip no longer uploading): say why, stop. */
  private refuse(error: DetailedError | Error, status: number): void {
    this.state = 'failed';
    this.message = refusalMessage(error, status);
    this.shutdown();
    this.publish();
    void this.enqueue(() => this.forget());
  }

  private async succeed(): Promise<void> {
    this.state = 'done';
    this.message = 'Sent';
    this.bytesSent = this.bytes;
    // The server has every byte: only now may the local copy go.
    await this.forget();
    this.shutdown();
    this.blobs = [];
    this.joined = null;
    this.publish();
  }

  private async forget(): Promise<void> {
    if (this.clipId) await deleteStoredClip(this.clipId).catch(() => undefined);
    if (!this.record) await deleteStoredClip(this.localId).catch(() => undefined);
  }

  private publish(): void {
    if (!this.clipId) return;
    const status = this.status();
    this.onchange?.(status);
    if (this.submitted) publishUploadStatus(status);
  }

  private saveRecord(): Promise<void> {
    const record = this.record ?? (this.facts && this.localRecord());
    if (!record) return Promise.resolve();
    Object.assign(record, { submitted: this.submitted, finished: this.finished, durationSeconds: this.durationSeconds });
    return this.save((clips) => void clips.put(record));
  }

  /** Writes to IndexedDB. If that fails once, the stored copy could have holes: it is dropped and no longer kept. */
  private async save(work: (clips: IDBObjectStore, chunks: IDBObjectStore) => void): Promise<void> {
    if (!this.persist || this.stopped) return;
    try {
      await inStores('readwrite', work);
    } catch (error) {
      this.persist = false;
      console.warn('[reelback] cannot keep the recording in IndexedDB; it is uploaded from memory only', error);
      await this.forget();
    }
  }

  private enqueue<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** All uploads of one page. */
export class UploadManager {
  readonly options: Required<UploadManagerOptions>;
  readonly clips = new Set<ClipUpload>();
  private readonly onOffline = () => {
    for (const clip of this.clips) if (clip.state === 'uploading') clip.pause(WAITING_FOR_NETWORK);
  };
  private readonly onOnline = () => {
    for (const clip of this.clips) if (clip.state === 'paused') clip.start();
  };

  constructor(options: UploadManagerOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
    addEventListener('offline', this.onOffline);
    addEventListener('online', this.onOnline);
  }

  /** Starts a clip as its recording starts: asks for the ticket, then uploads each chunk as it comes. */
  record(clip: NewClip): ClipUpload {
    const upload = new ClipUpload(this, clip);
    this.clips.add(upload);
    return upload;
  }

  /** Resumes every submitted clip of `endpoint` left in IndexedDB that no page works on. */
  async resumePending(endpoint: string): Promise<void> {
    const stored = await inStores<StoredClip[]>('readonly', (clips) => clips.getAll());
    for (const record of stored) {
      if (record.endpoint !== endpoint || !record.submitted || liveClips.has(record.clipId)) continue;
      const release = await holdLock(clipLockName(record.clipId), true);
      if (!release) continue; // another tab sends it
      const chunks = await inStores<ArrayBuffer[]>('readonly', (_, store) => store.getAll(chunkRange(record.clipId)));
      if (!record.ticket) {
        this.clips.add(ClipUpload.awaitingTicket(this, record, chunks, release));
        continue;
      }
      const clip = ClipUpload.resumed(this, { ...record, ticket: record.ticket }, chunks, release);
      this.clips.add(clip);
      clip.start();
    }
  }

  /** Stops every upload and lets go of its clips, keeping IndexedDB: what a page going away does (tests). */
  dispose(): void {
    removeEventListener('offline', this.onOffline);
    removeEventListener('online', this.onOnline);
    for (const clip of [...this.clips]) clip.shutdown();
  }
}

/** The page's upload manager (it outlives the recorder elements). */
export const uploads = new UploadManager();
