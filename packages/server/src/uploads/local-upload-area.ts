import { access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { handOverUpload } from '../blobs/hand-over-upload.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { SharedLocker, UploadArea } from '../ports/upload-area.js';

/**
 * Uploads in progress as files of one folder (`<id>` and `<id>.json`), moved into the blob store when finished. Only
 * processes that share the folder can share uploads; they then need a shared `locker` too (PostgreSQL's).
 */
export class LocalUploadArea implements UploadArea {
  readonly datastore: FileStore;

  constructor(
    private readonly dir: string,
    private readonly blobs: BlobStore,
    readonly locker?: SharedLocker,
  ) {
    this.datastore = new FileStore({ directory: dir });
  }

  storeId(id: string): string {
    return id;
  }

  async exists(id: string): Promise<boolean> {
    return access(join(this.dir, id)).then(
      () => true,
      () => false,
    );
  }

  handOver(id: string, key: string): Promise<boolean> {
    return handOverUpload(this.blobs, this.dir, id, key);
  }

  async remove(id: string): Promise<void> {
    await rm(join(this.dir, id), { force: true });
    await rm(join(this.dir, `${id}.json`), { force: true });
  }

  async close(): Promise<void> {
    await this.locker?.close();
  }
}
