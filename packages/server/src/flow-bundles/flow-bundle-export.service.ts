import {
  FLOW_BUNDLE_ASSET_JSON,
  FLOW_BUNDLE_CAPTIONS,
  FLOW_BUNDLE_FORMAT,
  FLOW_BUNDLE_FORMAT_VERSION,
  FLOW_BUNDLE_MANIFEST,
  FLOW_BUNDLE_SOURCE_FILES,
  type FlowBundleAsset,
  type FlowBundleManifest,
  flowBundleAssetDir,
  type MediaAssetKind,
  type MediaAssetRendition,
} from '@reelback/shared';
import { type Issue, ServiceError } from '../errors/service-error.js';
import type { Actor, EditorNames } from '../flows/editors.js';
import { unknownFlow } from '../flows/flow-errors.js';
import type { MediaAssetRecord, MediaAssetStore } from '../ports/media-asset-store.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { FlowStore } from '../ports/flow-store.js';
import type { Scope } from '../ports/store-types.js';
import { archiveSize, type BundleMember } from './bundle-archive-writer.js';
import { firstUses } from './remap-prompt-media.js';

export interface FlowBundleExportDeps {
  flows: FlowStore;
  assets: MediaAssetStore;
  blobs: BlobStore;
  editors: EditorNames;
  clock: Clock;
}

/** An export ready to stream: nothing has been read from the blob store yet but each file's size. */
export interface PreparedBundle {
  filename: string;
  members: BundleMember[];
  /** The archive's exact length (Content-Length), when it can be told in advance. */
  sizeBytes: number | null;
  exportedAt: Date;
}

/** The rendition an asset is re-made from: its largest. */
const SOURCE_RENDITION: Record<MediaAssetKind, MediaAssetRendition> = { video: 'video-1280', audio: 'audio', image: 'image-1280' };

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/**
 * A flow as a bundle another workspace or server can import: its draft, its latest published version, and every
 * library asset they use (the largest rendition to make it again from, its captions and poster time). Refused while
 * a used asset is missing or not ready, since the bundle could not be imported.
 */
export class FlowBundleExporter {
  constructor(private readonly deps: FlowBundleExportDeps) {}

  async prepare(scope: Scope, actor: Actor, flowId: string): Promise<PreparedBundle> {
    const { flows, assets, blobs, editors, clock } = this.deps;
    const flow = await flows.get(flowId, scope);
    if (!flow) throw unknownFlow(flowId);
    const latest = flow.latestVersion === null ? undefined : await flows.getVersion(flowId, undefined, scope);
    const used = firstUses([{ path: ['draft'], definition: flow.draft }, ...(latest ? [{ path: ['published'], definition: latest.definition }] : [])]);
    const records = new Map((await assets.getMany(scope, [...used.keys()])).map((asset) => [asset.id, asset]));

    const problems: Issue[] = [];
    const members: BundleMember[] = [];
    for (const [id, path] of used) {
      const asset = records.get(id);
      const problem = asset ? await this.addAsset(asset, members) : `media ${id} is not in this workspace's library`;
      if (problem) problems.push({ path, message: problem });
    }
    if (problems.length > 0) {
      throw new ServiceError(
        'conflict',
        'bundle-media-unavailable',
        `the flow cannot be exported while ${problems.length === 1 ? 'a media asset it uses is' : `${problems.length} media assets it uses are`} unavailable: ${problems[0]!.message}${problems.length > 1 ? ' (and more)' : ''}`,
        problems,
      );
    }

    const exportedAt = clock.now();
    const manifest: FlowBundleManifest = {
      format: FLOW_BUNDLE_FORMAT,
      formatVersion: FLOW_BUNDLE_FORMAT_VERSION,
      exportedAt: exportedAt.toISOString(),
      exportedBy: await editors.of(actor),
      source: { flowId, revision: flow.revision },
      name: flow.name,
      draft: flow.draft,
      published: latest ? { version: latest.version, publishedAt: latest.publishedAt, definition: latest.definition } : null,
    };
    members.unshift({ name: FLOW_BUNDLE_MANIFEST, bytes: json(manifest) });
    return { filename: `${flowId}.flow-bundle.tar`, members, sizeBytes: archiveSize(members), exportedAt };
  }

  /** Adds the asset's members; says why it cannot be exported otherwise. */
  private async addAsset(asset: MediaAssetRecord, members: BundleMember[]): Promise<string | undefined> {
    const { blobs } = this.deps;
    const what = `media "${asset.name}" (${asset.id})`;
    if (asset.status !== 'ready' || asset.kind === null) return `${what} is ${asset.status}${asset.reason ? `: ${asset.reason}` : ''}; export once it is ready`;
    const kind = asset.kind;
    const source = asset.files.find((file) => file.rendition === SOURCE_RENDITION[kind]);
    const stored = source ? await blobs.stat(source.key) : undefined;
    if (!source || !stored) return `${what} has lost its ${SOURCE_RENDITION[kind]} file; upload it again`;

    const { captions } = asset;
    const captionsSource = kind !== 'image' && captions.status === 'ready' ? captions.source : null;
    const captionsFile = captionsSource !== null && captions.file ? await blobs.stat(captions.file.key) : undefined;
    const dir = flowBundleAssetDir(asset.id);
    const description: FlowBundleAsset = {
      id: asset.id,
      name: asset.name,
      kind,
      posterAtSeconds: asset.posterAtSeconds,
      durationSeconds: asset.durationSeconds,
      width: asset.width,
      height: asset.height,
      source: { file: FLOW_BUNDLE_SOURCE_FILES[kind], contentType: source.contentType, sizeBytes: stored.sizeBytes },
      captions:
        captionsSource !== null
          ? {
              source: captionsSource,
              language: captions.language,
              engine: captions.engine,
              model: captions.model,
              segments: captions.segments,
              machineSegments: captions.machineSegments,
            }
          : null,
    };
    members.push({ name: `${dir}/${FLOW_BUNDLE_ASSET_JSON}`, bytes: json(description) });
    members.push({ name: `${dir}/${FLOW_BUNDLE_SOURCE_FILES[kind]}`, size: stored.sizeBytes, open: () => blobs.read(source.key) });
    if (captions.file && captionsFile) {
      const key = captions.file.key;
      members.push({ name: `${dir}/${FLOW_BUNDLE_CAPTIONS}`, size: captionsFile.sizeBytes, open: () => blobs.read(key) });
    }
    return undefined;
  }
}
