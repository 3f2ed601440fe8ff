import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { BlobsConfig } from '../config/blob-config.js';
import type { BlobStore } from '../ports/blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

/** The configured blob store: `<dataDir>/media`, or the bucket (credentials from the AWS SDK's usual chain). */
export function openBlobStore(config: BlobsConfig, dataDir: string): BlobStore {
  if (config.kind === 'local') return new LocalBlobStore(join(dataDir, 'media'));
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
  });
  return new S3BlobStore({
    client,
    bucket: config.bucket,
    prefix: config.prefix,
    ...(config.presignedMediaSeconds !== null ? { presignSeconds: config.presignedMediaSeconds } : {}),
  });
}
