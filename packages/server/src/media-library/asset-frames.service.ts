import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaAssetFrameRequest, MediaAssetInfo } from '@reelback/shared';
import { notFound, ServiceError } from '../errors/service-error.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { PromptMediaProcessor } from '../ports/prompt-media-processor.js';
import type { Scope } from '../ports/store-types.js';
import { storeAssetFile } from './asset-files.js';
import { toAssetInfo } from './asset-info.js';
import type { MediaAssetFileRecord, MediaAssetStore } from '../ports/media-asset-store.js';
import { assetPrefix } from './media-library-settings.js';
import { NO_CAPTIONS, newAssetId } from './media-uploads.service.js';

export interface AssetFramesDeps {
  assets: MediaAssetStore;
  blobs: BlobStore;
  processor: PromptMediaProcessor;
  clock: Clock;
  workDir: string;
}

const MAX_NAME = 200;

/** "Welcome — frame at 2.5 s", cut to the longest name an asset may have. */
const frameName = (videoName: string, atSeconds: number) => {
  const suffix = ` — frame at ${Number(atSeconds.toFixed(1))} s`;
  return `${videoName.slice(0, MAX_NAME - suffix.length)}${suffix}`;
};

/**
 * Stills of library videos as image assets of their own (the studio's "use a frame of a prompt video" for the bubble's
 * avatar): the frame is taken as a poster is, then made into the two JPEG sizes an uploaded picture gets, with the same
 * tools. Made at once (one frame is quick), ready when answered, in the video's workspace.
 */
export class AssetFramesService {
  constructor(private readonly deps: AssetFramesDeps) {}

  async makeFrameImage(scope: Scope, videoId: string, request: MediaAssetFrameRequest): Promise<MediaAssetInfo> {
    const { assets, blobs, processor } = this.deps;
    const video = await assets.get(videoId, scope);
    if (!video) throw notFound('media-asset-not-found', `There is no media asset '${videoId}'.`);
    const source = video.files.find((f) => f.rendition === 'video-1280');
    if (video.kind !== 'video' || video.status !== 'ready' || !source) {
      throw new ServiceError('conflict', 'frame-needs-ready-video', `A frame is taken from a ready video; this asset is ${video.kind ?? 'not yet known'} and ${video.status}.`);
    }
    if (video.durationSeconds !== null && request.atSeconds >= video.durationSeconds) {
      throw new ServiceError('unprocessable', 'frame-outside-video', `The video is ${video.durationSeconds.toFixed(1)} s long: choose a frame before its end.`, [
        { path: ['atSeconds'], message: `must be under ${video.durationSeconds}` },
      ]);
    }
    const id = newAssetId();
    const scratch = join(this.deps.workDir, `${id}-frame`);
    await mkdir(scratch, { recursive: true });
    const stored: MediaAssetFileRecord[] = [];
    try {
      // No extension on the still: ffprobe would pick the image2 demuxer for a `.jpg`, which uploads may not use.
      const still = await blobs.withLocalFile(source.key, (path) => processor.poster(path, request.atSeconds, join(scratch, 'frame')));
      const verdict = await processor.check(still.path, { full: false });
      if (!verdict.ok) throw new Error(`the frame ffmpeg took does not read as a picture: ${verdict.reason}`);
      const made = await processor.normalise(still.path, verdict.facts, join(scratch, 'out'), {});
      for (const file of made.files) stored.push(await storeAssetFile(blobs, id, file));
      const now = this.deps.clock.now().toISOString();
      const record = {
        id,
        workspaceId: video.workspaceId,
        name: request.name ?? frameName(video.name, request.atSeconds),
        kind: 'image' as const,
        status: 'ready' as const,
        reason: null,
        sizeBytes: still.sizeBytes,
        durationSeconds: null,
        width: made.width,
        height: made.height,
        container: verdict.facts.container,
        posterAtSeconds: null,
        files: stored,
        captions: NO_CAPTIONS,
        createdAt: now,
        updatedAt: now,
      };
      await assets.insert(record);
      return toAssetInfo(record);
    } catch (error) {
      // Nothing half made stays behind: the row was not written, so its files go.
      if (stored.length > 0) await blobs.deletePrefix(assetPrefix(id));
      throw error;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}
