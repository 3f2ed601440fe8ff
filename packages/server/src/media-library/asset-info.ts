import type { MediaAssetInfo } from '@reelback/shared';
import { fileUrl } from './asset-files.js';
import type { MediaAssetRecord } from '../ports/media-asset-store.js';

/** An asset as the API shows it: files by their public, content-addressed URLs. */
export function toAssetInfo(asset: MediaAssetRecord): MediaAssetInfo {
  const { captions } = asset;
  const captionsFile = captions.file;
  return {
    id: asset.id,
    name: asset.name,
    kind: asset.kind,
    status: asset.status,
    reason: asset.reason,
    sizeBytes: asset.sizeBytes,
    durationSeconds: asset.durationSeconds,
    width: asset.width,
    height: asset.height,
    posterAtSeconds: asset.posterAtSeconds,
    files: [...asset.files, ...(captionsFile ? [captionsFile] : [])].map((f) => ({
      rendition: f.rendition,
      contentType: f.contentType,
      sizeBytes: f.sizeBytes,
      width: f.width,
      height: f.height,
      url: fileUrl(asset.id, f.key),
    })),
    captions: {
      status: captions.status,
      source: captions.source,
      machineMade: captions.source === 'machine',
      engine: captions.engine,
      language: captions.language,
      segments: captions.segments,
      machineSegments: captions.machineSegments,
      url: captionsFile ? fileUrl(asset.id, captionsFile.key) : null,
      error: captions.error,
      updatedAt: captions.updatedAt,
    },
    createdAt: asset.createdAt,
    updatedAt: asset.updatedAt,
  };
}
