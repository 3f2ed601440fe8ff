import { access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobStore } from '../ports/blob-store.js';

/**
 * Moves a finished tus upload (`<uploadsDir>/<id>`) into the blob store under `key`, where any process can read it:
 * the process that took the last byte does this before it queues the job, so a worker on another machine (or after
 * this one died) finds the bytes. Safe to call again: a move that already happened leaves nothing to do, and a copy
 * left behind by a move cut short is dropped. False when there is nothing to move and nothing moved.
 */
export async function handOverUpload(blobs: BlobStore, uploadsDir: string, id: string, key: string): Promise<boolean> {
  const uploaded = join(uploadsDir, id);
  const stored = await blobs.stat(key);
  if (!stored) {
    if (!(await access(uploaded).then(() => true, () => false))) return false;
    await blobs.putFile(key, uploaded);
  } else {
    await rm(uploaded, { force: true });
  }
  await rm(`${uploaded}.json`, { force: true });
  return true;
}
