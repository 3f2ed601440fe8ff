import { UploadTokens } from '../clips/upload-token.js';
import { FfmpegPromptMediaProcessor } from '../media/ffmpeg-prompt-media-processor.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { PromptMediaProcessor } from '../ports/prompt-media-processor.js';
import type { FlowStore } from '../ports/flow-store.js';
import type { Transcriber } from '../ports/transcriber.js';
import type { ApiRoute } from '../http/route.js';
import { AssetImports } from './asset-imports.js';
import { assetFramesRoutes } from './asset-frames.routes.js';
import { AssetFramesService } from './asset-frames.service.js';
import { CaptionAssetJob } from './caption-asset.job.js';
import type { MediaAssetStore } from '../ports/media-asset-store.js';
import { MediaAssetsService } from './media-assets.service.js';
import { mediaLibraryRoutes } from './media-library.routes.js';
import { CAPTION_ASSET_QUEUE, DEFAULT_MEDIA_LIBRARY_SETTINGS, type MediaLibrarySettings, PROCESS_ASSET_QUEUE } from './media-library-settings.js';
import { MediaUploadsService } from './media-uploads.service.js';
import { ProcessAssetJob } from './process-asset.job.js';

export interface MediaLibraryDeps {
  assets: MediaAssetStore;
  flows: FlowStore;
  blobs: BlobStore;
  queue: JobQueue;
  clock: Clock;
  /** Signs upload tokens (the admin key, as for clips; a label keeps the two kinds of token apart). */
  secret: string;
  uploadsDir: string;
  workDir: string;
  processor?: PromptMediaProcessor;
  settings?: Partial<MediaLibrarySettings>;
  /** The captions engine (the one clips are transcribed with); none: captions stay `none` until an owner sets them. */
  transcriber: Transcriber | null;
  language: string;
  waitForEngineMs: number;
  log?: (line: string) => void;
}

export interface MediaLibrary {
  uploads: MediaUploadsService;
  assets: MediaAssetsService;
  /** Assets made from files on this machine (flow bundles), through the upload's checks and processing. */
  imports: AssetImports;
  routes: ApiRoute[];
}

/** The media library's services, its two jobs (registered on the queue) and its routes. */
export function composeMediaLibrary(deps: MediaLibraryDeps): MediaLibrary {
  const settings = { ...DEFAULT_MEDIA_LIBRARY_SETTINGS, ...deps.settings };
  const processor = deps.processor ?? new FfmpegPromptMediaProcessor();
  const { assets, blobs, queue, clock, uploadsDir, workDir } = deps;
  const uploads = new MediaUploadsService({
    assets,
    blobs,
    queue,
    processor,
    tokens: new UploadTokens(`media-library:${deps.secret}`),
    clock,
    settings,
    uploadsDir,
  });
  const library = new MediaAssetsService({ assets, flows: deps.flows, blobs, processor, clock, uploadsDir, workDir });
  const processing = new ProcessAssetJob({ assets, blobs, queue, processor, clock, settings, uploadsDir, workDir, captionsEnabled: deps.transcriber !== null });
  queue.work(PROCESS_ASSET_QUEUE, processing.handle, { concurrency: 1 });
  if (deps.transcriber) {
    const captions = new CaptionAssetJob({
      assets,
      blobs,
      transcriber: deps.transcriber,
      clock,
      language: deps.language,
      waitForEngineMs: deps.waitForEngineMs,
      workDir,
      ...(deps.log ? { log: deps.log } : {}),
    });
    queue.work(CAPTION_ASSET_QUEUE, captions.handle, { concurrency: 1 });
  }
  const frames = new AssetFramesService({ assets, blobs, processor, clock, workDir });
  const imports = new AssetImports({ assets, blobs, queue, processor, clock, settings, workDir });
  return { uploads, assets: library, imports, routes: [...mediaLibraryRoutes(uploads, library, blobs), ...assetFramesRoutes(frames)] };
}
