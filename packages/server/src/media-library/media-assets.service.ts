import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaAssetCaptions, MediaAssetCaptionsEdit, MediaAssetInfo, MediaAssetList, MediaAssetListQuery, MediaAssetPatch } from '@reelback/shared';
import { notFound, ServiceError } from '../errors/service-error.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { PromptMediaProcessor } from '../ports/prompt-media-processor.js';
import type { FlowStore } from '../ports/flow-store.js';
import type { Scope } from '../ports/store-types.js';
import { toWebVtt } from '../transcription/subtitle-formats.js';
import { contentTypeOfName, isAssetFileName, storeAssetFile, storeAssetText, withFile } from './asset-files.js';
import { toAssetInfo } from './asset-info.js';
import { captionSegments } from './captions-input.js';
import type { MediaAssetCursor, MediaAssetRecord, MediaAssetStore } from '../ports/media-asset-store.js';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../paging/time-id-cursor.js';
import { assetPrefix } from './media-library-settings.js';

export interface MediaAssetsDeps {
  assets: MediaAssetStore;
  flows: FlowStore;
  blobs: BlobStore;
  processor: PromptMediaProcessor;
  clock: Clock;
  /** Where the tus server keeps uploads in progress (a deleted asset's unfinished upload goes too). */
  uploadsDir: string;
  workDir: string;
}

/** A file the public route may send: its key and type. */
export interface AssetFile {
  key: string;
  contentType: string;
}

/** Asset ids as they appear in a flow definition (`prompt.media.assetId`, or inside a file URL). */
const ASSET_IDS = /mda_[A-Za-z0-9_-]{16,64}/g;

const encodeCursor = (cursor: MediaAssetCursor): string => encodeTimeIdCursor(cursor.createdAt, cursor.id);

function decodeCursor(text: string): MediaAssetCursor {
  const { time, id } = decodeTimeIdCursor(text);
  return { createdAt: time, id };
}

/** The owners' library: list, search, rename, choose a poster, captions, delete; and the files viewers load. */
export class MediaAssetsService {
  constructor(private readonly deps: MediaAssetsDeps) {}

  async list(scope: Scope, query: MediaAssetListQuery): Promise<MediaAssetList> {
    const words = (query.q ?? '').split(/\s+/).filter((w) => w.length > 0);
    const rows = await this.deps.assets.list(scope, {
      words,
      limit: query.limit + 1,
      ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return { assets: page.map(toAssetInfo), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
  }

  async get(scope: Scope, id: string): Promise<MediaAssetInfo> {
    return toAssetInfo(await this.find(scope, id));
  }

  /** Renames, and/or takes the poster from another frame (a new poster file, so a new URL). */
  async update(scope: Scope, id: string, patch: MediaAssetPatch): Promise<MediaAssetInfo> {
    let asset = await this.find(scope, id);
    if (patch.posterAtSeconds !== undefined) asset = await this.choosePoster(asset, patch.posterAtSeconds);
    if (patch.name !== undefined) {
      asset = (await this.deps.assets.update(id, { name: patch.name, updatedAt: this.now() }, { scope })) ?? (await this.find(scope, id));
    }
    return toAssetInfo(asset);
  }

  /**
   * Deletes the asset and its files; refused (409, naming them) while a published flow version uses it, since that
   * version can never change and its viewers would meet a missing video.
   */
  async delete(scope: Scope, id: string): Promise<void> {
    await this.find(scope, id);
    const versions = await this.deps.assets.versionsUsing(scope, id);
    if (versions.length > 0) {
      const named = versions.map((v) => `${v.flowId} v${v.version}`).join(', ');
      throw new ServiceError(
        'conflict',
        'media-asset-in-use',
        `This asset is used by published flow version${versions.length > 1 ? 's' : ''} ${named}: publish versions without it first.`,
        versions.map((v) => ({ path: ['flows', v.flowId, 'versions', v.version], message: `flow '${v.flowId}' version ${v.version} uses this asset` })),
      );
    }
    if (!(await this.deps.assets.delete(scope, id))) throw this.missing(id);
    const upload = join(this.deps.uploadsDir, id);
    await Promise.all([this.deps.blobs.deletePrefix(assetPrefix(id)), rm(upload, { force: true }), rm(`${upload}.json`, { force: true })]);
  }

  async captions(scope: Scope, id: string): Promise<MediaAssetCaptions> {
    return toAssetInfo(await this.find(scope, id)).captions;
  }

  /** An owner's captions replace what is shown; the machine's stay in `machineSegments`. */
  async editCaptions(scope: Scope, id: string, edit: MediaAssetCaptionsEdit): Promise<MediaAssetCaptions> {
    const asset = await this.find(scope, id);
    if (asset.status !== 'ready') {
      throw new ServiceError('conflict', 'media-asset-not-ready', `This asset is ${asset.status}: captions can be set once it is ready.`);
    }
    if (asset.kind === 'image') {
      throw new ServiceError('unprocessable', 'captions-need-sound', 'This asset is a picture: captions belong to a video or a sound.');
    }
    const segments = await captionSegments(edit, asset.durationSeconds);
    const scratch = join(this.deps.workDir, `${id}-captions-${Date.now()}`);
    await mkdir(scratch, { recursive: true });
    try {
      const file = await storeAssetText(this.deps.blobs, id, join(scratch, 'captions.vtt'), 'captions', toWebVtt(segments));
      const now = this.now();
      const updated = await this.deps.assets.update(
        id,
        {
          captions: {
            ...asset.captions,
            status: 'ready',
            file,
            source: 'segments' in edit && asset.captions.machineSegments !== null ? 'edited' : 'uploaded',
            segments,
            error: null,
            updatedAt: now,
          },
          updatedAt: now,
        },
        { scope, status: ['ready'] },
      );
      if (!updated) throw this.missing(id);
      return toAssetInfo(updated).captions;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /**
   * The file behind a public URL: any file the asset ever had (an older poster or captions too, so a URL once handed
   * out keeps its bytes), while the asset exists. Unscoped: the URL, unguessable, is the permission, as for embeds.
   */
  async file(assetId: string, name: string): Promise<AssetFile> {
    const contentType = contentTypeOfName(name);
    const asset = contentType && isAssetFileName(name) ? await this.deps.assets.get(assetId) : undefined;
    if (!asset || !contentType) throw notFound('media-file-not-found', 'There is no such media file.');
    return { key: `${assetPrefix(assetId)}/${name}`, contentType };
  }

  /** The assets a flow (its draft and every published version) uses: what an export of its definition carries. */
  async forFlow(scope: Scope, flowId: string): Promise<MediaAssetInfo[]> {
    const flow = await this.deps.flows.get(flowId, scope);
    if (!flow) throw notFound('flow-not-found', `There is no flow '${flowId}'.`);
    const texts = [JSON.stringify(flow.draft)];
    for (const v of await this.deps.flows.listVersions(scope, flowId)) {
      const version = await this.deps.flows.getVersion(flowId, v.version, scope);
      if (version) texts.push(JSON.stringify(version.definition));
    }
    const ids = new Set(texts.flatMap((text) => text.match(ASSET_IDS) ?? []));
    const assets = await this.deps.assets.getMany(scope, [...ids]);
    return assets.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)).map(toAssetInfo);
  }

  private async choosePoster(asset: MediaAssetRecord, atSeconds: number): Promise<MediaAssetRecord> {
    const video = asset.files.find((f) => f.rendition === 'video-1280');
    if (asset.kind !== 'video' || asset.status !== 'ready' || !video) {
      throw new ServiceError('conflict', 'poster-needs-ready-video', `A poster frame is chosen from a ready video; this asset is ${asset.kind ?? 'not yet known'} and ${asset.status}.`);
    }
    if (asset.durationSeconds !== null && atSeconds >= asset.durationSeconds) {
      throw new ServiceError('unprocessable', 'poster-outside-video', `The video is ${asset.durationSeconds.toFixed(1)} s long: choose a frame before its end.`, [
        { path: ['posterAtSeconds'], message: `must be under ${asset.durationSeconds}` },
      ]);
    }
    const scratch = join(this.deps.workDir, `${asset.id}-poster-${Date.now()}`);
    await mkdir(scratch, { recursive: true });
    try {
      const made = await this.deps.blobs.withLocalFile(video.key, (path) => this.deps.processor.poster(path, atSeconds, join(scratch, 'poster.jpg')));
      const poster = await storeAssetFile(this.deps.blobs, asset.id, made);
      const updated = await this.deps.assets.update(
        asset.id,
        { files: withFile(asset.files, poster), posterAtSeconds: atSeconds, updatedAt: this.now() },
        { status: ['ready'], scope: { workspaceId: asset.workspaceId } },
      );
      if (!updated) throw this.missing(asset.id);
      return updated;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  private async find(scope: Scope, id: string): Promise<MediaAssetRecord> {
    const asset = await this.deps.assets.get(id, scope);
    if (!asset) throw this.missing(id);
    return asset;
  }

  private missing(id: string): ServiceError {
    return notFound('media-asset-not-found', `There is no media asset '${id}'.`);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}
