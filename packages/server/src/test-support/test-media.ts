import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { MediaDependencies } from '../app.js';
import { LocalBlobStore } from '../blobs/local-blob-store.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { ClipSettings } from '../clips/clip-settings.js';
import { openJobQueue } from '../jobs/open-job-queue.js';
import { FfmpegMediaProcessor } from '../media/ffmpeg-media-processor.js';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import type { Transcriber } from '../ports/transcriber.js';
import type { MediaLibrarySettings } from '../media-library/media-library-settings.js';
import type { FlowBundleSettings } from '../flow-bundles/flow-bundle-settings.js';
import { TEST_DATABASE_URL } from './storages.js';

export interface TestMedia {
  media: MediaDependencies;
  dir: string;
  dispose(): Promise<void>;
}

/**
 * Real media parts for a test app: blobs in a temporary folder, the job queue each engine uses in
 * production (the jobs table on SQLite, pg-boss in a schema of its own on PostgreSQL), and ffmpeg.
 */
export async function openTestMedia(
  storage: KyselyStorage,
  options: {
    settings?: Partial<ClipSettings>;
    leaseSeconds?: number;
    transcriber?: Transcriber;
    library?: Partial<MediaLibrarySettings>;
    bundles?: Partial<FlowBundleSettings>;
    /** Another blob store than a temporary folder (the S3 flow test's bucket). */
    blobs?: () => BlobStore;
  } = {},
): Promise<TestMedia> {
  const dir = await mkdtemp(join(tmpdir(), 'reelback-media-test-'));
  const bossSchema = `pgboss_test_${randomBytes(5).toString('hex')}`;
  const timing = { leaseSeconds: options.leaseSeconds ?? 30, pollIntervalMs: 100, retryBaseSeconds: 1, retryMaxSeconds: 2 };
  const queue =
    storage.kind === 'sqlite'
      ? openJobQueue({ kind: 'sqlite', db: storage.database }, timing)
      : openJobQueue({ kind: 'postgres', url: TEST_DATABASE_URL, schema: bossSchema, maxConnections: 3, maintenanceIntervalSeconds: 1 }, timing);
  return {
    dir,
    media: {
      blobs: options.blobs?.() ?? new LocalBlobStore(join(dir, 'blobs')),
      queue,
      processor: new FfmpegMediaProcessor(),
      uploadsDir: join(dir, 'uploads'),
      workDir: join(dir, 'work'),
      ...(options.settings ? { settings: options.settings } : {}),
      ...(options.library ? { library: options.library } : {}),
      ...(options.bundles ? { bundles: options.bundles } : {}),
      ...(options.transcriber ? { transcriber: options.transcriber, transcription: { concurrency: 1 } } : {}),
    },
    async dispose() {
      await queue.stop();
      if (storage.kind === 'postgres') {
        const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await admin.connect();
        await admin.query(`drop schema if exists ${bossSchema} cascade`);
        await admin.end();
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
