import { join } from 'node:path';
import type { BlobsConfig } from '../config/blob-config.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { UploadArea } from '../ports/upload-area.js';
import { LocalUploadArea } from './local-upload-area.js';
import { PostgresLocker } from './postgres-locker.js';
import { S3UploadArea } from './s3-upload-area.js';

export interface UploadAreaChoice {
  blobs: BlobsConfig;
  database: { kind: 'sqlite' } | { kind: 'postgres'; url: string };
  dataDir: string;
  logError: (message: string, error: unknown) => void;
}

/**
 * Uploads in progress: in the bucket when media is in S3 (any web process takes any request of any upload), in
 * `<data dir>/uploads` otherwise. On PostgreSQL their locks are advisory locks of the database, so processes that
 * share the uploads (the bucket, or a shared folder) never write one upload at once; SQLite has one process.
 */
export function openUploadArea(choice: UploadAreaChoice, blobs: BlobStore): UploadArea {
  const locker = choice.database.kind === 'postgres' ? new PostgresLocker({ url: choice.database.url, logError: choice.logError }) : undefined;
  const config = choice.blobs;
  if (config.kind === 'local') return new LocalUploadArea(join(choice.dataDir, 'uploads'), blobs, locker);
  return new S3UploadArea({
    bucket: config.bucket,
    prefix: config.prefix,
    clientConfig: {
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle,
      // Plain Content-Length parts: the flexible checksums of newer SDKs send streamed parts aws-chunked, which not
      // every S3-compatible server reads (and TLS guards the bytes on the way).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    },
    ...(locker ? { locker } : {}),
  });
}
