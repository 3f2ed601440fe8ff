import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobStoreContract } from '../test-support/blob-store.contract.js';
import { startTestS3, type TestS3 } from '../test-support/test-s3.js';
import { LocalBlobStore } from './local-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

const folders: string[] = [];
blobStoreContract({
  name: 'local folder',
  async make() {
    const dir = await mkdtemp(join(tmpdir(), 'reelback-blobs-'));
    folders.push(dir);
    return new LocalBlobStore(join(dir, 'blobs'));
  },
  tearDown: async () => void (await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })))),
});

let s3: TestS3;
let stores = 0;
blobStoreContract({
  name: 'S3 bucket (s3rver, path-style)',
  setUp: async () => void (s3 = await startTestS3()),
  tearDown: () => s3.close(),
  // Each test under its own prefix of one bucket: what REELBACK_S3_PREFIX does for a shared bucket.
  make: async () => new S3BlobStore({ client: s3.client(), bucket: s3.bucket, prefix: `run-${++stores}/reelback`, partSize: 5 * 1024 * 1024 }),
});
