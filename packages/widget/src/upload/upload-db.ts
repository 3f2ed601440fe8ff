// Where recorded clips wait in the browser until the server has every byte (raw IndexedDB, no library:
// the part of this file the player loads must stay tiny).
//
// IndexedDB layout (end-to-end tests read it; keep it stable or bump the version with a migration):
//
//   database  `reelback-uploads`, version 1, one per origin of the host page
//   store     `clips`   keyPath `clipId`           value: StoredClip (below), one per recorded clip
//   store     `chunks`  out-of-line key [clipId, n]  value: ArrayBuffer, the n-th MediaRecorder chunk (n = 0, 1, 2 …)
//
// A clip's recording is its chunks concatenated in key order:
//   chunks.getAll(IDBKeyRange.bound([clipId, 0], [clipId, Infinity]))
// Each chunk is written before it is handed to the upload, from the first one on. Until the upload ticket has come
// (its request may be slow, or fail) the clip is kept under a local key `local:<random>` instead of its clipId, with
// `ticket: null`; when the ticket comes, record and chunks move to the clipId in one transaction. A submitted clip
// still without a ticket asks for one again on the next page (`resumePendingUploads()`). Everything of a clip (record and chunks) is deleted
// when the server confirms its last byte (tus Upload-Offset == Upload-Length), when the viewer re-records or
// backs out, when the server refuses the upload for good (a 4xx), or — for a clip recorded but never
// submitted — by the next `resumePendingUploads()` of that endpoint once no page holds it any more.
//
// While a page works on a clip it holds the Web Lock `reelback-clip:{clipId}` (where `navigator.locks` exists),
// so another tab neither discards nor resumes it at the same time.
import type { ClipKind, UploadTicket } from '@reelback/shared';

export const DB_NAME = 'reelback-uploads';
export const CLIPS = 'clips';
export const CHUNKS = 'chunks';

/** One recorded clip, as kept in the `clips` store. */
export interface StoredClip {
  clipId: string;
  /** The API origin the clip belongs to, without a trailing slash (`''`: the page's own origin). */
  endpoint: string;
  /** Null while the ticket has not come (the clip is then kept under a `local:` key). */
  ticket: UploadTicket | null;
  /** The tus upload's URL once the server created it (absolute), else null. */
  uploadUrl: string | null;
  /**
   * Whether the upload's creation (POST) may have reached the server: false until it is sent. While false there is
   * nothing to resume (no HEAD). Records written before this field existed lack it: they may have an upload.
   */
  creationSent?: boolean;
  kind: ClipKind;
  mimeType: string;
  sessionId: string;
  stepId: string;
  /** The viewer submitted the clip: it must reach the server, even after a reload. */
  submitted: boolean;
  /** The recording stopped: no more chunks will come. */
  finished: boolean;
  durationSeconds: number | null;
  /** Date.now() when the record was first written (its first chunk, or its ticket). */
  createdAt: number;
}

let opening: Promise<IDBDatabase> | null = null;

export function openUploadDb(): Promise<IDBDatabase> {
  return (opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(CLIPS, { keyPath: 'clipId' });
      request.result.createObjectStore(CHUNKS);
    };
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error);
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  }));
}

/** Runs `work` in one transaction over both stores; resolves with its request's result once committed. */
export async function inStores<T = undefined>(
  mode: IDBTransactionMode,
  work: (clips: IDBObjectStore, chunks: IDBObjectStore) => IDBRequest<T> | void,
): Promise<T> {
  const transaction = (await openUploadDb()).transaction([CLIPS, CHUNKS], mode);
  const request = work(transaction.objectStore(CLIPS), transaction.objectStore(CHUNKS));
  return new Promise<T>((resolve, reject) => {
    transaction.oncomplete = () => resolve(request?.result as T);
    transaction.onerror = transaction.onabort = () => reject(transaction.error);
  });
}

/** Every chunk key of one clip, in order. */
export const chunkRange = (clipId: string): IDBKeyRange => IDBKeyRange.bound([clipId, 0], [clipId, Infinity]);

/** Deletes a clip's record and chunks. */
export const deleteStoredClip = (clipId: string): Promise<undefined> =>
  inStores('readwrite', (clips, chunks) => {
    clips.delete(clipId);
    chunks.delete(chunkRange(clipId));
  });

export const clipLockName = (clipId: string): string => `reelback-clip:${clipId}`;
