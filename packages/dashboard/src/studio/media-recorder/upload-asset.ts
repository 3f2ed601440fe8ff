// Sends one file into the workspace media library: a ticket (`POST /api/v1/media-assets`), the bytes with tus 1.0 on
// the ticket's endpoint (the widget's lean tus client: `@reelback/widget/tus-client`), then the asset as the server
// has it now (`GET /api/v1/media-assets/:assetId`). The studio's recorder uses it for a take, the media picker for a
// chosen file. Resumable: a dropped connection waits for the network and goes on from the server's offset (HEAD).
import type { MediaAssetInfo, MediaAssetUploadTicket } from '@reelback/shared';
import { BaseUpload, refusalMessage, refused, statusOf, XHRHttpStack } from '@reelback/widget/tus-client';
import type { ApiClient } from '../../api/api-client.js';

export interface UploadProgress {
  bytesSent: number;
  bytesTotal: number;
  /** True while the upload waits for the network (or a server that stopped answering) to go on by itself. */
  waiting: boolean;
}

export interface UploadAssetOptions {
  /** The dashboard's API door (session cookie, CSRF token). */
  api: ApiClient;
  /** The asset's name in the library. */
  name: string;
  onProgress?: (progress: UploadProgress) => void;
  /** Aborting stops the upload, deletes the half-sent asset and rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Bytes per PATCH (default 8 MiB): what a dropped connection can lose at most. */
  chunkSize?: number;
  /** tus's own quick retries (ms) before the upload waits. */
  retryDelays?: number[];
  /** How long a waiting upload waits before trying again (an `online` event wakes it sooner). */
  pauseMs?: number;
}

/** The server will not take the file (too large, not media, ticket refused): `message` is its reason. */
export class UploadRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UploadRefused';
  }
}

const DEFAULTS = { chunkSize: 8 * 1024 * 1024, retryDelays: [0, 1000, 3000, 6000], pauseMs: 10_000 };

const assetPath = (assetId: string) => `/media-assets/${encodeURIComponent(assetId)}`;
const cancelled = () => new DOMException('The upload was cancelled.', 'AbortError');

/**
 * Uploads `file` as a new library asset and resolves with the asset (its status is `processing` or later: the
 * server checks and converts it in the background). The asset's kind is decided by the server from the content
 * (the ticket request has no kind); `file.type` goes along as the informative `mimeType`.
 */
export async function uploadAsset(file: Blob, options: UploadAssetOptions): Promise<MediaAssetInfo> {
  const { api, name, signal } = options;
  if (signal?.aborted) throw cancelled();
  const ticket = (await api.send<MediaAssetUploadTicket>('POST', '/media-assets', {
    name,
    sizeBytes: file.size,
    ...(file.type && { mimeType: file.type }),
  }))!;
  try {
    await sendWithTus(file, ticket, options);
  } catch (error) {
    // A cancelled upload leaves nothing behind in the library (the server drops its partial bytes with it).
    if (signal?.aborted) await api.send('DELETE', assetPath(ticket.assetId)).catch(() => undefined);
    throw error;
  }
  return api.get<MediaAssetInfo>(assetPath(ticket.assetId));
}

/** The whole of a Blob as tus reads a file. */
function blobSource(file: Blob) {
  return {
    size: file.size,
    slice: (start: number, end: number) => Promise.resolve({ value: file.slice(start, end), done: end >= file.size }),
    close: () => undefined,
  };
}

function sendWithTus(file: Blob, ticket: MediaAssetUploadTicket, options: UploadAssetOptions): Promise<void> {
  const { signal, onProgress } = options;
  const chunkSize = options.chunkSize ?? DEFAULTS.chunkSize;
  const retryDelays = options.retryDelays ?? DEFAULTS.retryDelays;
  const pauseMs = options.pauseMs ?? DEFAULTS.pauseMs;
  const endpoint = new URL(ticket.uploadUrl, location.href).href;
  // The server names each upload after its asset: once a creation was sent, a restart looks there first (HEAD) and
  // goes on from its offset, also when the creation's answer was lost. The first start creates (POST) without asking:
  // a HEAD for an upload that cannot exist yet is a 404 in the owner's console.
  let uploadUrl = `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(ticket.assetId)}`;
  let creationSent = false;
  let sent = 0;
  const source = blobSource(file);

  return new Promise<void>((resolve, reject) => {
    let tus: BaseUpload | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const report = (waiting: boolean) => onProgress?.({ bytesSent: sent, bytesTotal: file.size, waiting });
    const cleanup = () => {
      clearTimeout(timer);
      removeEventListener('online', start);
      signal?.removeEventListener('abort', abort);
    };
    const abort = () => {
      cleanup();
      void tus?.abort();
      reject(cancelled());
    };
    const wait = () => {
      tus = null;
      report(true);
      timer = setTimeout(start, pauseMs);
      addEventListener('online', start, { once: true });
    };
    function start(): void {
      clearTimeout(timer);
      removeEventListener('online', start);
      if (signal?.aborted) return;
      if (globalThis.navigator?.onLine === false) return wait();
      report(false);
      const resumeUrl = creationSent ? uploadUrl : null;
      creationSent = true;
      const upload: BaseUpload = new BaseUpload(source, {
        ...BaseUpload.defaultOptions,
        endpoint,
        uploadUrl: resumeUrl,
        chunkSize,
        retryDelays,
        headers: { Authorization: `Bearer ${ticket.token}` },
        metadata: { assetId: ticket.assetId },
        httpStack: new XHRHttpStack(),
        fileReader: { openFile: () => Promise.resolve(source) },
        fingerprint: () => Promise.resolve(null as unknown as string),
        storeFingerprintForResuming: false,
        onShouldRetry: (error) => !refused(statusOf(error)),
        onUploadUrlAvailable: () => void (uploadUrl = upload.url ?? uploadUrl),
        onProgress: (bytesSent) => {
          sent = bytesSent;
          report(false);
        },
        onSuccess: () => {
          cleanup();
          sent = file.size;
          report(false);
          resolve();
        },
        onError: (error) => {
          if (tus !== upload) return;
          const status = statusOf(error);
          if (!refused(status)) return wait();
          cleanup();
          reject(new UploadRefused(status, refusalMessage(error, status)));
        },
      });
      tus = upload;
      upload.start();
    }
    signal?.addEventListener('abort', abort, { once: true });
    start();
  });
}
