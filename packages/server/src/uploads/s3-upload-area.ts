import { DeleteObjectsCommand, HeadObjectCommand, S3Client, type S3ClientConfig, S3ServiceException } from '@aws-sdk/client-s3';
import { ERRORS, type KvStore } from '@tus/server';
import { type MetadataValue, S3Store } from '@tus/s3-store';
import { checkedBlobKey } from '../blobs/blob-key.js';
import type { SharedLocker, UploadArea } from '../ports/upload-area.js';

export interface S3UploadAreaOptions {
  bucket: string;
  /** The blob store's prefix: an upload is written where its finished blob belongs. */
  prefix: string;
  /** Region, endpoint, path style, checksums: as the blob store's client. */
  clientConfig: S3ClientConfig;
  /** Shared by every web process (PostgreSQL advisory locks); absent on one process. */
  locker?: SharedLocker;
  /** Bytes per S3 part (@tus/s3-store's 8 MiB by default; S3's minimum of 5 MiB at least). */
  partSize?: number;
}

/**
 * Every process reads an upload's state from the bucket: @tus/s3-store's own cache (per process) would serve a
 * stale length to one process after another declared it (the widget defers its length to the last PATCH).
 */
class NoCache implements KvStore<MetadataValue> {
  async get(): Promise<undefined> {
    return undefined;
  }
  async set(): Promise<void> {}
  async delete(): Promise<void> {}
}

const missing = (error: unknown) =>
  error instanceof S3ServiceException && (error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404);

/**
 * tus uploads in progress kept in the bucket by @tus/s3-store, so any web process can take any PATCH of an upload,
 * including after the process that took the earlier ones died. Each upload is an S3 multipart upload of the object
 * its finished blob is (`<prefix>clips/<id>/original`): when the last byte is in, S3 assembles the parts under that
 * key and the hand-over only drops tus's bookkeeping (`.info`, and a `.part` S3 would not take as a part: under
 * 5 MiB and not the last) — no copy, no second upload, nothing that keeps the last PATCH waiting.
 */
export class S3UploadArea implements UploadArea {
  readonly datastore: S3Store;
  readonly locker: SharedLocker | undefined;
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly options: S3UploadAreaOptions) {
    const prefix = options.prefix.replace(/^\/+|\/+$/g, '');
    this.prefix = prefix ? `${prefix}/` : '';
    this.locker = options.locker;
    this.datastore = new S3Store({
      s3ClientConfig: { ...options.clientConfig, bucket: options.bucket },
      cache: new NoCache(),
      // Expiry by tags needs a bucket lifecycle rule; abandoned uploads are swept with their clips instead.
      useTags: false,
      ...(options.partSize ? { partSize: options.partSize } : {}),
    });
    this.client = new S3Client(options.clientConfig);
  }

  storeId(_id: string, key: string): string {
    return this.prefix + checkedBlobKey(key);
  }

  async exists(id: string, key: string): Promise<boolean> {
    return (await this.head(`${this.storeId(id, key)}.info`)) !== undefined;
  }

  async handOver(id: string, key: string): Promise<boolean> {
    const object = this.storeId(id, key);
    const finished = await this.head(object);
    // Still uploading (its multipart upload not completed): there is no object yet, and its bookkeeping stays.
    if (finished === undefined) return false;
    await this.drop(object);
    return true;
  }

  async remove(id: string, key: string): Promise<void> {
    const object = this.storeId(id, key);
    // Aborts the multipart upload (its parts go) and deletes the object and its `.info`.
    await this.datastore.remove(object).catch((error: unknown) => {
      if (error !== ERRORS.FILE_NOT_FOUND) throw error;
    });
    await this.drop(object);
  }

  async close(): Promise<void> {
    this.client.destroy();
    await this.locker?.close();
  }

  private async drop(object: string): Promise<void> {
    await this.client.send(
      new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: [{ Key: `${object}.info` }, { Key: `${object}.part` }], Quiet: true } }),
    );
  }

  private async head(object: string): Promise<number | undefined> {
    try {
      return (await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: object }))).ContentLength ?? 0;
    } catch (error) {
      if (missing(error)) return undefined;
      throw error;
    }
  }
}
