import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BlobInfo, BlobStore, ByteRange, DirectAnswer } from '../ports/blob-store.js';
import { checkedBlobKey } from './blob-key.js';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Prepended to every key (`reelback/` → `reelback/clips/<id>/original`), so one bucket can hold several things. */
  prefix?: string;
  /** The S3 client: region, endpoint (MinIO, R2, Garage…), path-style addressing and credentials are its business. */
  client: S3Client;
  /** Bytes per part of a multipart upload (the SDK's minimum, 5 MiB, by default). */
  partSize?: number;
  /**
   * Seconds a presigned media URL stays valid, when media is served by redirect to the bucket
   * (REELBACK_S3_PRESIGNED_MEDIA); absent: media flows through the server.
   */
  presignSeconds?: number;
}

/** What S3 says for a key that is not there (HEAD has no body, so only the status tells). */
function isMissing(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404;
}

/**
 * Blobs in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Garage, Ceph RGW). Files go up as multipart
 * uploads (`@aws-sdk/lib-storage`: parts in parallel, a failed upload aborted), reads are ranged GETs streamed as
 * they arrive, and a tool that needs a path (ffmpeg, whisper) gets a temporary copy.
 */
export class S3BlobStore implements BlobStore {
  private readonly prefix: string;

  constructor(private readonly options: S3BlobStoreOptions) {
    const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    this.prefix = prefix ? `${prefix}/` : '';
  }

  private objectKey(key: string): string {
    return this.prefix + checkedBlobKey(key);
  }

  async putFile(key: string, localPath: string): Promise<BlobInfo> {
    const Key = this.objectKey(key);
    const { size } = await stat(localPath);
    const upload = new Upload({
      client: this.options.client,
      params: { Bucket: this.options.bucket, Key, Body: createReadStream(localPath), ContentLength: size },
      ...(this.options.partSize ? { partSize: this.options.partSize } : {}),
      leavePartsOnError: false,
    });
    await upload.done();
    await unlink(localPath);
    return { sizeBytes: size };
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    try {
      const head = await this.options.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
      return { sizeBytes: head.ContentLength ?? 0 };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** The port wants a stream at once: the GET starts now and its body flows in when it answers (errors included). */
  read(key: string, range?: ByteRange): Readable {
    const Key = this.objectKey(key);
    const out = new PassThrough();
    const get = new GetObjectCommand({ Bucket: this.options.bucket, Key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) });
    const abort = new AbortController();
    out.once('close', () => abort.abort());
    this.options.client
      .send(get, { abortSignal: abort.signal })
      .then(async (answer) => {
        const body = answer.Body as Readable | undefined;
        if (!body) throw new Error(`S3 sent no body for '${Key}'`);
        await pipeline(body, out);
      })
      .catch((error: unknown) => {
        if (!out.destroyed) out.destroy(isMissing(error) ? Object.assign(new Error(`no blob '${key}'`), { code: 'ENOENT' }) : (error as Error));
      });
    return out;
  }

  async withLocalFile<T>(key: string, use: (path: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'reelback-s3-'));
    try {
      const path = join(dir, key.split('/').at(-1) ?? 'blob');
      await pipeline(this.read(key), createWriteStream(path));
      return await use(path);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** A presigned GET of the object, answering with the headers the server would send (S3's response-* overrides). */
  async directUrl(key: string, answer: DirectAnswer): Promise<string | undefined> {
    if (this.options.presignSeconds === undefined) return undefined;
    const get = new GetObjectCommand({
      Bucket: this.options.bucket,
      Key: this.objectKey(key),
      ResponseContentType: answer.contentType,
      ResponseContentDisposition: answer.contentDisposition,
      ResponseCacheControl: answer.cacheControl,
    });
    return getSignedUrl(this.options.client, get, { expiresIn: this.options.presignSeconds });
  }

  async delete(key: string): Promise<void> {
    // S3 answers 204 for a key that is not there too.
    await this.options.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
  }

  async deletePrefix(prefix: string): Promise<void> {
    const Prefix = `${this.objectKey(prefix)}/`;
    let ContinuationToken: string | undefined;
    do {
      const page = await this.options.client.send(new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix, ContinuationToken, MaxKeys: 1000 }));
      const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
      if (keys.length) {
        const result = await this.options.client.send(new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: keys, Quiet: true } }));
        const failed = result.Errors ?? [];
        if (failed.length) throw new Error(`S3 did not delete ${failed.length} object(s) under '${Prefix}': ${failed[0]?.Code} ${failed[0]?.Message}`);
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }
}
