// Sends one file into the media library: the owner's ticket (`POST /media-assets` with the file's size, so a file
// over the limit is refused before a byte is sent), then the tus protocol with tus-js-client, as the widget sends
// clips. tus resumes where the server's offset says after a dropped connection; when its quick retries are spent the
// upload waits for the network (the `online` event, or a while) and resumes again, until it is done or cancelled.
import type { DetailedError, Upload } from 'tus-js-client';
import { ApiProblem, type ApiClient } from '../../api/api-client.js';
import { deleteAsset, requestUploadTicket } from './media-api.js';

export interface UploadAssetOptions {
  api: ApiClient;
  /** The asset's name in the library (the file's name, usually). */
  name: string;
  /** Bytes the server has, and of how many. */
  onProgress?: (sentBytes: number, totalBytes: number) => void;
  /** True while the upload waits for the network to come back; false once it is sending again. */
  onWaiting?: (waiting: boolean) => void;
  /** Cancels: the upload stops and its asset is deleted. The promise rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Bytes per PATCH (default 8 MB: progress moves and a resume re-sends little). */
  chunkSize?: number;
  /** tus's own quick retries (ms) before the upload waits for the network. */
  retryDelays?: number[];
  /** How long a waiting upload waits before trying again when no `online` event comes (ms). */
  pauseMs?: number;
}

/** The server will not take this file, whatever we do: its reason, in its words. */
export class UploadRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UploadRefused';
  }
}

const statusOf = (error: Error): number => (error as DetailedError).originalResponse?.getStatus() ?? 0;
/** 4xx other than conflicts, locks and rate limits: trying again cannot help. */
const refused = (status: number) => status >= 400 && status < 500 && status !== 409 && status !== 423 && status !== 429;

/** The tus endpoint answers refusals in plain text (or JSON `error.message`). */
function reasonOf(error: Error, status: number): string {
  const body = ((error as DetailedError).originalResponse?.getBody() ?? '').trim();
  try {
    const message = (JSON.parse(body) as { error?: { message?: string } }).error?.message;
    if (message) return message;
  } catch {
    if (body && body.length <= 500 && !body.startsWith('<')) return body;
  }
  return status === 413 ? 'The file is larger than the limit for prompt media.' : `The server did not accept the file (${status}).`;
}

const aborted = () => new DOMException('The upload was cancelled.', 'AbortError');

/** Resolves once the network is back (an `online` event) or `ms` have passed, whichever is first; or on abort. */
function networkBack(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener('online', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    window.addEventListener('online', done);
    signal?.addEventListener('abort', done);
  });
}

/**
 * Uploads `file` as a new library asset and resolves with its id once every byte is in (the server then checks and
 * converts it: watch the asset's status). Rejects with an `UploadRefused` naming the server's reason (too large, not
 * media), an `ApiProblem` when the ticket could not be had, or an `AbortError` when cancelled.
 */
export async function uploadAsset(file: Blob, options: UploadAssetOptions): Promise<string> {
  const { api, signal } = options;
  if (signal?.aborted) throw aborted();
  let ticket;
  try {
    ticket = await requestUploadTicket(api, { name: options.name, sizeBytes: file.size, ...(file.type ? { mimeType: file.type } : {}) });
  } catch (error) {
    if (error instanceof ApiProblem && refused(error.status)) throw new UploadRefused(error.status, error.message);
    throw error;
  }
  const assetId = ticket.assetId;
  // Loaded with the first upload: the studio's own chunk stays without it.
  const { Upload: TusUpload } = await import('tus-js-client');
  try {
    await new Promise<void>((resolve, reject) => {
      let sent = 0;
      const progress = (bytes: number) => {
        sent = Math.max(sent, Math.min(bytes, file.size));
        options.onProgress?.(sent, file.size);
      };
      const upload: Upload = new TusUpload(file, {
        endpoint: new URL(ticket.uploadUrl, location.origin).href,
        uploadSize: file.size,
        metadata: { assetId, filename: options.name, filetype: file.type || 'application/octet-stream' },
        headers: { Authorization: `Bearer ${ticket.token}` },
        chunkSize: options.chunkSize ?? 8 * 1024 * 1024,
        retryDelays: options.retryDelays ?? [0, 1000, 3000, 6000],
        // One upload per ticket: nothing to find again in localStorage on another page.
        storeFingerprintForResuming: false,
        onProgress: (bytesSent) => progress(bytesSent),
        onChunkComplete: (_size, accepted) => {
          // A resumed upload starts from what the server has, which may be less than was sent before the drop.
          sent = accepted;
          options.onProgress?.(accepted, file.size);
        },
        onSuccess: () => resolve(),
        onError: (error) => {
          if (signal?.aborted) return reject(aborted());
          const status = statusOf(error);
          if (refused(status)) return reject(new UploadRefused(status, reasonOf(error, status)));
          options.onWaiting?.(true);
          void networkBack(options.pauseMs ?? 15_000, signal).then(() => {
            if (signal?.aborted) return reject(aborted());
            options.onWaiting?.(false);
            // tus knows the upload's URL: it asks the server for its offset (HEAD) and goes on from there.
            upload.start();
          });
        },
      });
      signal?.addEventListener(
        'abort',
        () => {
          void upload.abort(false);
          reject(aborted());
        },
        { once: true },
      );
      upload.start();
    });
  } catch (error) {
    // A cancelled upload leaves nothing behind: its asset and the bytes that arrived go.
    if (signal?.aborted) await deleteAsset(api, assetId).catch(() => undefined);
    throw error;
  }
  return assetId;
}
