import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaAssetKind, TranscriptSegment } from '@reelback/shared';
import { ServiceError } from '../errors/service-error.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { PromptMediaFacts, PromptMediaProcessor } from '../ports/prompt-media-processor.js';
import type { Scope } from '../ports/store-types.js';
import { toWebVtt } from '../transcription/subtitle-formats.js';
import { storeAssetText } from './asset-files.js';
import { captionSegments } from './captions-input.js';
import type { CaptionsRecord, MediaAssetRecord, MediaAssetStore } from '../ports/media-asset-store.js';
import { assetPrefix, type MediaLibrarySettings, originalKey, PROCESS_ASSET_QUEUE } from './media-library-settings.js';
import { formatBytes, NO_CAPTIONS } from './media-uploads.service.js';

export interface AssetImportsDeps {
  assets: MediaAssetStore;
  blobs: BlobStore;
  queue: JobQueue;
  processor: PromptMediaProcessor;
  clock: Clock;
  settings: MediaLibrarySettings;
  workDir: string;
}

/** Captions an owner had on the asset elsewhere: restored as they were, never replaced by the machine's. */
export interface ImportedCaptions {
  source: 'machine' | 'edited' | 'uploaded';
  language: string | null;
  engine: CaptionsRecord['engine'];
  model: string | null;
  segments: TranscriptSegment[];
  machineSegments: TranscriptSegment[] | null;
}

export interface AssetToImport {
  name: string;
  posterAtSeconds: number | null;
  captions: ImportedCaptions | null;
}

/** A file that passed the checks an upload's last request gets: what it is, by its content. */
export interface CheckedImport {
  path: string;
  sizeBytes: number;
  facts: PromptMediaFacts;
}

const newAssetId = () => `mda_${randomBytes(16).toString('base64url')}`;

/**
 * Assets made from files already on this machine (a flow bundle's), through the same gate and the same job as an
 * upload: the limit and header checks of the upload's last request (`check`), then the processing job, which
 * decodes the whole file before making the renditions. Nothing but renditions the job makes is ever served.
 *
 * In two steps so a caller adding several can refuse them all before any is created: `check` each, then `add`
 * each (row, original and captions stored; not yet processed), then `process` each once the caller has stored what
 * points at them, or `discard` what it added when it gives up.
 */
export class AssetImports {
  constructor(private readonly deps: AssetImportsDeps) {}

  get maxBytes(): number {
    return this.deps.settings.maxUploadBytes;
  }

  /** The size limit and the header check; refused with the reason an uploader would hear. */
  async check(path: string): Promise<{ ok: true; checked: CheckedImport } | { ok: false; reason: string }> {
    const { size } = await stat(path);
    if (size > this.deps.settings.maxUploadBytes) {
      return { ok: false, reason: `the file is ${formatBytes(size)}, larger than the limit of ${formatBytes(this.deps.settings.maxUploadBytes)} for prompt media` };
    }
    const verdict = await this.deps.processor.check(path, { full: false });
    return verdict.ok ? { ok: true, checked: { path, sizeBytes: size, facts: verdict.facts } } : verdict;
  }

  /**
   * The owner's captions for media of this kind and length, checked as an owner's edit is; the error's issues are
   * relative to the captions.
   */
  async checkCaptions(kind: MediaAssetKind, durationSeconds: number | null, captions: ImportedCaptions): Promise<void> {
    if (kind === 'image') throw new ServiceError('unprocessable', 'captions-need-sound', 'captions belong to a video or a sound, not a picture');
    // Words stay with the cues they belong to: the check reads times and text only.
    await captionSegments({ segments: captions.segments }, durationSeconds);
  }

  /**
   * Stores the asset in the caller's workspace, as an upload whose bytes are all in (status `uploading`, the file as
   * its original): the processing job takes it from there once `process` queues it. The file is moved, not copied.
   */
  async add(scope: Scope, input: AssetToImport, file: CheckedImport): Promise<MediaAssetRecord> {
    const { assets, blobs, clock } = this.deps;
    const id = newAssetId();
    const now = clock.now().toISOString();
    try {
      const captions = input.captions ? await this.storeCaptions(id, input.captions, now) : NO_CAPTIONS;
      await blobs.putFile(originalKey(id), file.path);
      const record: MediaAssetRecord = {
        id,
        workspaceId: scope.workspaceId,
        name: input.name,
        kind: null,
        status: 'uploading',
        reason: null,
        sizeBytes: file.sizeBytes,
        durationSeconds: null,
        width: null,
        height: null,
        container: null,
        posterAtSeconds: input.posterAtSeconds,
        files: [],
        captions,
        createdAt: now,
        updatedAt: now,
      };
      await assets.insert(record);
      return record;
    } catch (error) {
      await blobs.deletePrefix(assetPrefix(id));
      throw error;
    }
  }

  /** Queues the processing job, as an upload's last request does. */
  async process(assetId: string): Promise<void> {
    await this.deps.queue.enqueue(PROCESS_ASSET_QUEUE, { assetId }, { singletonKey: assetId, maxAttempts: 5 });
  }

  /** Removes an asset `add` made (its row and files) when what was to use it could not be stored. */
  async discard(scope: Scope, assetId: string): Promise<void> {
    await this.deps.assets.delete(scope, assetId);
    await this.deps.blobs.deletePrefix(assetPrefix(assetId));
  }

  private async storeCaptions(assetId: string, captions: ImportedCaptions, now: string): Promise<CaptionsRecord> {
    const scratch = join(this.deps.workDir, `${assetId}-captions-import`);
    await mkdir(scratch, { recursive: true });
    try {
      // The WebVTT is made here from the cues, as for an owner's edit: no file from elsewhere is served as it came.
      const file = await storeAssetText(this.deps.blobs, assetId, join(scratch, 'captions.vtt'), 'captions', toWebVtt(captions.segments));
      return {
        status: 'ready',
        file,
        source: captions.source,
        engine: captions.engine,
        model: captions.model,
        language: captions.language,
        segments: captions.segments,
        machineSegments: captions.machineSegments,
        error: null,
        updatedAt: now,
      };
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}
