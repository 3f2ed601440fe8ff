// What the player needs to know about clip uploads, without loading the upload client: a status feed and a
// cheap check for clips a previous page left unsent. Part of the player bundle: no tus, no zod here.
import { importWithRetry } from '../util/lazy-import.js';
import { normalizeEndpoint } from '../util/urls.js';
import { clipLockName, deleteStoredClip, inStores, type StoredClip } from './upload-db.js';

// How an upload is going, in the viewer's language; the English words of uploads (the player lacks them).
export { enUploads } from '../util/i18n/en-uploads.js';
export { uploadText } from '../util/i18n/upload-text.js';

/** Where one submitted clip's upload is. `bytesTotal` is null while the recording's length is not known. */
export interface UploadStatus {
  clipId: string;
  state: 'uploading' | 'paused' | 'done' | 'failed';
  bytesSent: number;
  bytesTotal: number | null;
  /** Short, plain text a viewer can read (e.g. "Waiting for the network — keep this page open"). */
  message: string;
  /** While paused: what it waits for (the viewer's network, or the server), so the player can say it in its language. */
  waiting?: 'network' | 'server';
}

type Listener = (statuses: UploadStatus[]) => void;

interface SharedState {
  listeners: Set<Listener>;
  statuses: Map<string, UploadStatus>;
  liveClips: Set<string>;
}

// On the page, not in the module: a chunk loaded again under a fresh URL (util/lazy-import.ts) is a second copy of
// this module, and the player and the recorder must still hear the same uploads.
const shared = ((globalThis as { [key: symbol]: SharedState | undefined })[Symbol.for('reelback.uploads')] ??= {
  listeners: new Set(),
  statuses: new Map(),
  liveClips: new Set(),
});
const { listeners, statuses } = shared;

/** Clips the upload manager of this page works on (never discarded from under it). */
export const liveClips = shared.liveClips;

/**
 * Calls `listener` now and whenever an upload of a submitted clip changes, with every such upload of this page
 * (in the order they were submitted; finished and failed ones stay listed). Returns the unsubscribe function.
 */
export function watchUploads(listener: Listener): () => void {
  listeners.add(listener);
  listener([...statuses.values()]);
  return () => void listeners.delete(listener);
}

/** The upload manager reports here. */
export function publishUploadStatus(status: UploadStatus): void {
  statuses.set(status.clipId, status);
  const list = [...statuses.values()];
  for (const listener of listeners) listener(list);
}

/** Deletes a clip recorded but never submitted, unless some page (this one or another tab) still works on it. */
function discardAbandoned(clipId: string): Promise<unknown> {
  if (liveClips.has(clipId)) return Promise.resolve();
  const locks = globalThis.navigator?.locks;
  if (!locks) return deleteStoredClip(clipId);
  return locks.request(clipLockName(clipId), { ifAvailable: true }, (lock) => lock && deleteStoredClip(clipId));
}

/**
 * After a page load: resumes every clip submitted to `endpoint` whose upload a previous page did not finish
 * (from the server's offset, with the bytes kept in IndexedDB) and discards clips recorded but never submitted.
 * Loads the upload client only when there is something to send. Resolves once the uploads are under way
 * (follow them with `watchUploads`); never rejects.
 */
export async function resumePendingUploads(endpoint: string): Promise<void> {
  try {
    const origin = normalizeEndpoint(endpoint);
    const clips = (await inStores<StoredClip[]>('readonly', (store) => store.getAll())).filter((clip) => clip.endpoint === origin);
    await Promise.all(clips.filter((clip) => !clip.submitted).map((clip) => discardAbandoned(clip.clipId)));
    if (clips.some((clip) => clip.submitted && !liveClips.has(clip.clipId))) {
      const { uploads } = await importWithRetry(() => import('./upload-manager.js'), import.meta.url);
      await uploads.resumePending(origin);
    }
  } catch {
    // No IndexedDB (some private modes) or it failed: there is nothing we could resume.
  }
}
