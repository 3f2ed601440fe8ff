import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobInfo, BlobStore, ByteRange } from '../ports/blob-store.js';
import { checkedBlobKey } from './blob-key.js';

/** The embedded default: blobs are files under one folder, keys are their relative paths. */
export class LocalBlobStore implements BlobStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Keys come from our own code, but a key that could climb out of the folder is a bug worth failing on. */
  private pathOf(key: string): string {
    const path = join(this.root, ...checkedBlobKey(key).split('/'));
    if (!path.startsWith(this.root + sep)) throw new Error(`invalid blob key '${key}'`);
    return path;
  }

  async putFile(key: string, localPath: string): Promise<BlobInfo> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(localPath, target);
    } catch (error) {
      // Another file system (a mounted volume): copy to a temporary name, then rename, so readers never see half a file.
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      const temporary = `${target}.partial`;
      await copyFile(localPath, temporary);
      await rename(temporary, target);
      await unlink(localPath);
    }
    return { sizeBytes: (await stat(target)).size };
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { sizeBytes: info.size } : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  read(key: string, range?: ByteRange): Readable {
    return createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
  }

  async withLocalFile<T>(key: string, use: (path: string) => Promise<T>): Promise<T> {
    return use(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(this.pathOf(prefix), { recursive: true, force: true });
  }
}
