import { access, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { JobContext, JobQueue } from '../ports/job-queue.js';
import type { PromptMediaFacts, PromptMediaProcessor } from '../ports/prompt-media-processor.js';
import { storeAssetFile } from './asset-files.js';
import type { MediaAssetFileRecord, MediaAssetRecord, MediaAssetStore } from '../ports/media-asset-store.js';
import { CAPTION_ASSET_QUEUE, type MediaLibrarySettings, originalKey, wavKey } from './media-library-settings.js';
import { formatBytes } from './media-uploads.service.js';

export const ProcessAssetPayload = z.object({ assetId: z.string().min(1) });

export interface ProcessAssetDeps {
  assets: MediaAssetStore;
  blobs: BlobStore;
  queue: JobQueue;
  processor: PromptMediaProcessor;
  clock: Clock;
  settings: MediaLibrarySettings;
  /** Where the tus server keeps uploads in progress. */
  uploadsDir: string;
  /** Scratch space for ffmpeg's output before it goes into the blob store. */
  workDir: string;
  /** Whether an engine makes captions on this server; without one an asset's captions stay `none`. */
  captionsEnabled: boolean;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * The job run once per finished upload: check the content fully, make the renditions, queue the captions. Each
 * stage is guarded by the asset's status, so a job run again after its worker died picks up where the last stopped.
 */
export class ProcessAssetJob {
  constructor(private readonly deps: ProcessAssetDeps) {}

  readonly handle = async (payload: unknown, context: JobContext): Promise<void> => {
    const { assetId } = ProcessAssetPayload.parse(payload);
    let asset = await this.deps.assets.get(assetId);
    if (!asset || asset.status === 'rejected' || asset.status === 'failed') return;
    // Ready already: a run that died after storing the renditions but before queueing the captions finishes that.
    if (asset.status === 'ready') return void (await this.queueCaptions(asset));
    if (asset.status === 'uploading') {
      const checked = await this.check(asset, context.signal);
      if (!checked) return;
      asset = checked;
    }
    try {
      await this.normalise(asset, context.signal);
    } catch (error) {
      if (context.isLastAttempt && !context.signal.aborted) {
        const reason = `the file could not be converted: ${error instanceof Error ? error.message : String(error)}`;
        await this.deps.assets.update(asset.id, { status: 'failed', reason, updatedAt: this.now() }, { status: ['processing'] });
      }
      throw error;
    }
  };

  /** Moves the upload into the blob store and decodes it; a file that is not usable media ends here. */
  private async check(asset: MediaAssetRecord, signal: AbortSignal): Promise<MediaAssetRecord | undefined> {
    const { blobs, assets, processor, settings } = this.deps;
    const key = originalKey(asset.id);
    const uploaded = join(this.deps.uploadsDir, asset.id);
    if (!(await blobs.stat(key))) {
      if (!(await exists(uploaded))) return this.reject(asset, 'the uploaded file is missing: upload it again');
      await blobs.putFile(key, uploaded);
    }
    await rm(`${uploaded}.json`, { force: true });
    const sizeBytes = (await blobs.stat(key))?.sizeBytes ?? 0;
    if (sizeBytes > settings.maxUploadBytes) {
      return this.reject(asset, `the file is ${formatBytes(sizeBytes)}, larger than the limit of ${formatBytes(settings.maxUploadBytes)} for prompt media`);
    }
    const verdict = await blobs.withLocalFile(key, (path) => processor.check(path, { full: true, signal }));
    if (!verdict.ok) return this.reject(asset, verdict.reason);
    const { facts } = verdict;
    const updated = await assets.update(
      asset.id,
      {
        status: 'processing',
        kind: facts.kind,
        sizeBytes,
        durationSeconds: facts.durationSeconds,
        width: facts.width,
        height: facts.height,
        container: facts.container,
        updatedAt: this.now(),
      },
      { status: ['uploading'] },
    );
    // Another run got there first: read where it stands.
    return updated ?? (await assets.get(asset.id));
  }

  private async reject(asset: MediaAssetRecord, reason: string): Promise<undefined> {
    // Nothing will ever read a rejected upload, and it may be large: gone before the asset says rejected, so whoever
    // sees that status finds no bytes left (a crash in between leaves it uploading, and the next run rejects it again).
    await this.deps.blobs.delete(originalKey(asset.id));
    await this.deps.assets.update(asset.id, { status: 'rejected', reason, updatedAt: this.now() }, { status: ['uploading'] });
    return undefined;
  }

  private async normalise(asset: MediaAssetRecord, signal: AbortSignal): Promise<void> {
    if (asset.status !== 'processing') return;
    const { blobs, assets, processor, settings } = this.deps;
    const outDir = join(this.deps.workDir, asset.id);
    await rm(outDir, { recursive: true, force: true });
    await mkdir(outDir, { recursive: true });
    try {
      const made = await blobs.withLocalFile(originalKey(asset.id), async (path) => {
        // Headers only: the full decode passed in `check`; this finds the streams again after a restart.
        const verdict = await processor.check(path, { full: false, signal });
        if (!verdict.ok) throw new Error(`the checked upload no longer reads as media: ${verdict.reason}`);
        const facts: PromptMediaFacts = { ...verdict.facts, durationSeconds: asset.durationSeconds ?? verdict.facts.durationSeconds };
        return processor.normalise(path, facts, outDir, { signal, ...(asset.posterAtSeconds !== null ? { posterAtSeconds: asset.posterAtSeconds } : {}) });
      });
      const files: MediaAssetFileRecord[] = [];
      for (const file of made.files) files.push(await storeAssetFile(blobs, asset.id, file));
      if (made.wavPath) await blobs.putFile(wavKey(asset.id), made.wavPath);
      // Captions the asset came with (an imported flow bundle's) are the owner's: the machine's would replace them.
      const captions = made.wavPath !== null && this.deps.captionsEnabled && asset.captions.source === null;
      const done = await assets.update(
        asset.id,
        {
          status: 'ready',
          reason: null,
          durationSeconds: made.durationSeconds,
          width: made.width,
          height: made.height,
          posterAtSeconds: made.posterAtSeconds,
          files,
          captions: { ...asset.captions, status: captions ? 'queued' : asset.captions.status, updatedAt: this.now() },
          updatedAt: this.now(),
        },
        { status: ['processing'] },
      );
      if (!done) return;
      // Only once the renditions are safely recorded may the original go.
      if (!settings.keepOriginals) await blobs.delete(originalKey(asset.id));
      await this.queueCaptions(done);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }

  private async queueCaptions(asset: MediaAssetRecord): Promise<void> {
    if (asset.captions.status !== 'queued') return;
    await this.deps.queue.enqueue(CAPTION_ASSET_QUEUE, { assetId: asset.id }, { singletonKey: asset.id, maxAttempts: 4 });
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}
