import { join } from 'node:path';
import type { MediaDependencies } from './app.js';
import { openBlobStore } from './blobs/open-blob-store.js';
import type { Config } from './config/config.js';
import { openJobQueue } from './jobs/open-job-queue.js';
import { FfmpegMediaProcessor } from './media/ffmpeg-media-processor.js';
import { FfmpegPromptMediaProcessor } from './media/ffmpeg-prompt-media-processor.js';
import type { KyselyStorage } from './storage/kysely/kysely-storage.js';
import type { Transcriber } from './ports/transcriber.js';
import { openUploadArea } from './uploads/open-upload-area.js';

/**
 * The embedded default keeps everything in the data folder: blobs under `media/` (or in an S3 bucket, REELBACK_S3_*),
 * uploads in progress under `uploads/` (or in the bucket); jobs in the database's own table, or in pg-boss when the database is PostgreSQL.
 */
export function composeMedia(
  config: Pick<Config, 'dataDir' | 'database' | 'media'> & Partial<Pick<Config, 'transcription' | 'blobs'>>,
  storage: KyselyStorage,
  transcriber: Transcriber | null = null,
  log?: (line: string) => void,
): MediaDependencies {
  const timing = { leaseSeconds: config.media.jobLeaseSeconds };
  const queue =
    config.database.kind === 'sqlite'
      ? openJobQueue({ kind: 'sqlite', db: storage.database }, timing)
      : openJobQueue({ kind: 'postgres', url: config.database.url }, timing);
  const blobs = openBlobStore(config.blobs ?? { kind: 'local' }, config.dataDir);
  const uploads = openUploadArea(
    {
      blobs: config.blobs ?? { kind: 'local' },
      database: config.database.kind === 'sqlite' ? { kind: 'sqlite' } : { kind: 'postgres', url: config.database.url },
      dataDir: config.dataDir,
      logError: (message, error) => (log ?? console.error)(`${message}: ${error instanceof Error ? error.message : String(error)}`),
    },
    blobs,
  );
  return {
    blobs,
    uploads,
    queue,
    processor: new FfmpegMediaProcessor(),
    uploadsDir: join(config.dataDir, 'uploads'),
    workDir: join(config.dataDir, 'work'),
    settings: { maxUploadBytes: config.media.maxUploadBytes, keepOriginals: config.media.keepOriginals },
    promptProcessor: new FfmpegPromptMediaProcessor(),
    library: {
      keepOriginals: config.media.keepOriginals,
      ...(config.media.libraryMaxUploadBytes ? { maxUploadBytes: config.media.libraryMaxUploadBytes } : {}),
    },
    concurrency: config.media.concurrency,
    transcriber,
    ...(config.transcription
      ? {
          transcription: {
            language: config.transcription.language,
            ...(config.transcription.concurrency ? { concurrency: config.transcription.concurrency } : {}),
          },
        }
      : {}),
    ...(log ? { log } : {}),
  };
}
