import { randomBytes } from 'node:crypto';
import type { CreateMediaAssetRequest, MediaAssetUploadTicket } from '@reelback/shared';
import { UPLOADS_PATH } from '../clips/clip-settings.js';
import type { UploadState } from '../clips/upload-target.js';
import type { UploadTokens } from '../clips/upload-token.js';
import { notFound, ServiceError } from '../errors/service-error.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { PromptMediaProcessor } from '../ports/prompt-media-processor.js';
import type { Scope } from '../ports/store-types.js';
import type { CaptionsRecord, MediaAssetRecord, MediaAssetStore } from '../ports/media-asset-store.js';
import { type MediaLibrarySettings, originalKey, PROCESS_ASSET_QUEUE } from './media-library-settings.js';
import type { UploadArea } from '../ports/upload-area.js';

export interface MediaUploadsDeps {
  assets: MediaAssetStore;
  blobs: BlobStore;
  queue: JobQueue;
  processor: PromptMediaProcessor;
  /** Signs upload tokens; its own key, so a clip's token is never an asset's. */
  tokens: UploadTokens;
  clock: Clock;
  settings: MediaLibrarySettings;
  /** Where the tus server keeps uploads in progress. */
  uploads: UploadArea;
}

export const newAssetId = () => `mda_${randomBytes(16).toString('base64url')}`;

export const NO_CAPTIONS: CaptionsRecord = {
  status: 'none',
  file: null,
  source: null,
  engine: null,
  model: null,
  language: null,
  segments: [],
  machineSegments: null,
  error: null,
  updatedAt: null,
};

export const formatBytes = (bytes: number) =>
  bytes >= 1_000_000_000 ? `${Number((bytes / 1_000_000_000).toFixed(1))} GB` : bytes >= 1_000_000 ? `${Math.round(bytes / 1_000_000)} MB` : `${Math.round(bytes / 1000)} KB`;

/**
 * How an owner's file gets into the library: a ticket, the shared tus endpoint (whose hooks call `authorizeUpload`
 * and `uploadFinished`, as they do ClipsService's), then the processing job. The same shape as clips, with the
 * owner's workspace in place of a viewer's session.
 */
export class MediaUploadsService {
  constructor(private readonly deps: MediaUploadsDeps) {}

  get settings(): MediaLibrarySettings {
    return this.deps.settings;
  }

  /** An owner asks to upload a file: the asset exists from here on (status `uploading`), in the caller's workspace. */
  async createUpload(scope: Scope, request: CreateMediaAssetRequest): Promise<MediaAssetUploadTicket> {
    const { assets, clock, settings, tokens } = this.deps;
    if (request.sizeBytes !== undefined && request.sizeBytes > settings.maxUploadBytes) {
      throw this.tooLarge(request.sizeBytes);
    }
    const now = clock.now();
    const id = newAssetId();
    await assets.insert({
      id,
      workspaceId: scope.workspaceId,
      name: request.name,
      kind: null,
      status: 'uploading',
      reason: null,
      sizeBytes: request.sizeBytes ?? null,
      durationSeconds: null,
      width: null,
      height: null,
      container: null,
      posterAtSeconds: null,
      files: [],
      captions: NO_CAPTIONS,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    const expiresAt = new Date(now.getTime() + settings.ticketLifetimeSeconds * 1000);
    return {
      assetId: id,
      uploadUrl: UPLOADS_PATH,
      token: tokens.issue({ clipId: id, expiresAt }),
      maxBytes: settings.maxUploadBytes,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /**
   * Checks an upload request's token against the asset it addresses (the tus `onIncomingRequest` hook). Resolves
   * the asset whatever its status; the caller decides what an asset no longer uploading means for its request.
   */
  async authorizeUpload(token: string | undefined, assetId: string): Promise<MediaAssetRecord> {
    if (token === undefined) {
      throw new ServiceError('forbidden', 'upload-token-missing', 'Send the upload token of this asset as `Authorization: Bearer …`.');
    }
    const verdict = this.deps.tokens.verify(token, this.deps.clock.now());
    if (!verdict.ok) throw new ServiceError('forbidden', 'upload-token-invalid', `Upload refused: ${verdict.reason}.`);
    if (verdict.clipId !== assetId) {
      throw new ServiceError('forbidden', 'upload-token-mismatch', 'Upload refused: this token was issued for another upload.');
    }
    const asset = await this.deps.assets.get(assetId);
    if (!asset) throw notFound('media-asset-not-found', `There is no media asset '${assetId}'.`);
    return asset;
  }

  /**
   * All bytes are in (the tus `onUploadFinish` hook). The header checks run here, so the last PATCH of a file that
   * is plainly unusable (empty, not media, a picture too large, over the limit) is answered with a 4xx naming the
   * problem; the full decode runs in the job, whose verdict the asset's status and reason tell.
   */
  async uploadFinished(assetId: string): Promise<void> {
    const asset = await this.deps.assets.get(assetId);
    if (!asset) throw notFound('media-asset-not-found', `There is no media asset '${assetId}'.`);
    if (asset.status === 'uploading') {
      // Into the blob store first, where the processing job reads it in whichever process runs it (with S3 the
      // upload already is that object); a refusal below deletes it again.
      const key = originalKey(assetId);
      await this.deps.uploads.handOver(assetId, key);
      const size = (await this.deps.blobs.stat(key))?.sizeBytes;
      if (size !== undefined) {
        if (size > this.deps.settings.maxUploadBytes) {
          const error = this.tooLarge(size);
          await this.rejectUpload(assetId, error.message);
          throw error;
        }
        const verdict = await this.deps.blobs.withLocalFile(key, (path) => this.deps.processor.check(path, { full: false }));
        if (!verdict.ok) {
          await this.rejectUpload(assetId, verdict.reason);
          throw new ServiceError('unprocessable', 'media-rejected', `This file cannot be used: ${verdict.reason}.`);
        }
      }
    }
    await this.deps.queue.enqueue(PROCESS_ASSET_QUEUE, { assetId }, { singletonKey: assetId, maxAttempts: 5 });
  }

  /**
   * Where an asset's upload stands (the tus endpoint asks before each request): open while uploading and its bytes
   * not all in; complete once they are (also after its file moved on to be processed); closed when refused.
   */
  async uploadState(assetId: string): Promise<UploadState> {
    const asset = await this.deps.assets.get(assetId);
    if (!asset) throw notFound('media-asset-not-found', `There is no media asset '${assetId}'.`);
    const size = await this.receivedSize(asset);
    if (size !== undefined) return { kind: 'complete', sizeBytes: size };
    return asset.status === 'uploading' ? { kind: 'open' } : { kind: 'closed', status: asset.status };
  }

  /** The byte count of an asset whose upload is complete (moved out of the upload area), if it is: tus HEAD on resume. */
  async receivedSize(asset: MediaAssetRecord): Promise<number | undefined> {
    if (asset.status !== 'uploading' && asset.sizeBytes !== null) return asset.sizeBytes;
    return (await this.deps.blobs.stat(originalKey(asset.id)))?.sizeBytes;
  }

  /** An upload the server refused: the asset says why, and its bytes go (an owner's other assets are untouched). */
  async rejectUpload(assetId: string, reason: string): Promise<void> {
    const rejected = await this.deps.assets.update(assetId, { status: 'rejected', reason, updatedAt: this.deps.clock.now().toISOString() }, { status: ['uploading'] });
    if (!rejected) return;
    await this.deps.uploads.remove(assetId, originalKey(assetId));
    await this.deps.blobs.delete(originalKey(assetId));
  }

  /** Assets whose bytes are all in; a crash between the last byte and the enqueue must not strand them. */
  async requeueFinishedUploads(isComplete: (assetId: string) => Promise<boolean>): Promise<number> {
    let requeued = 0;
    for (const asset of await this.deps.assets.listUploading(1000)) {
      if ((await this.deps.blobs.stat(originalKey(asset.id))) || (await isComplete(asset.id))) {
        await this.deps.queue.enqueue(PROCESS_ASSET_QUEUE, { assetId: asset.id }, { singletonKey: asset.id, maxAttempts: 5 });
        requeued++;
      }
    }
    return requeued;
  }

  private tooLarge(bytes: number): ServiceError {
    return new ServiceError(
      'too-large',
      'media-too-large',
      `The file is ${formatBytes(bytes)}, larger than the limit of ${formatBytes(this.deps.settings.maxUploadBytes)} for prompt media.`,
    );
  }
}
