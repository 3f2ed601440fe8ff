import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { MediaAssetRendition } from '@reelback/shared';
import type { BlobStore } from '../ports/blob-store.js';
import type { MediaAssetFileRecord } from '../ports/media-asset-store.js';
import { assetPrefix, MEDIA_FILES_PATH } from './media-library-settings.js';

const EXTENSIONS: Record<string, string> = {
  'video/mp4': 'mp4',
  'audio/mp4': 'm4a',
  'image/jpeg': 'jpg',
  'text/vtt': 'vtt',
};

/** `<rendition>.<32 hex of SHA-256>.<ext>`: the name changes whenever the bytes do, so a URL never goes stale. */
const FILE_NAME = /^(video-1280|video-640|audio|poster|image-1280|image-640|captions)\.([0-9a-f]{32})\.(mp4|m4a|jpg|vtt)$/;

export const isAssetFileName = (name: string) => FILE_NAME.test(name);

export const contentTypeOfName = (name: string): string | undefined => {
  const ext = FILE_NAME.exec(name)?.[3];
  return Object.entries(EXTENSIONS).find(([, e]) => e === ext)?.[0];
};

export const fileNameOf = (key: string) => key.slice(key.lastIndexOf('/') + 1);

export const fileUrl = (assetId: string, key: string) => `${MEDIA_FILES_PATH}/${assetId}/${fileNameOf(key)}`;

async function sha256Prefix(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), hash);
  return hash.digest('hex').slice(0, 32);
}

/** Moves a made file into the store under its content-addressed key. */
export async function storeAssetFile(
  blobs: BlobStore,
  assetId: string,
  file: { rendition: MediaAssetRendition; path: string; contentType: string; width: number | null; height: number | null },
): Promise<MediaAssetFileRecord> {
  const ext = EXTENSIONS[file.contentType];
  if (!ext) throw new Error(`no file extension for ${file.contentType}`);
  const key = `${assetPrefix(assetId)}/${file.rendition}.${await sha256Prefix(file.path)}.${ext}`;
  const { sizeBytes } = await blobs.putFile(key, file.path);
  return { rendition: file.rendition, key, contentType: file.contentType, sizeBytes, width: file.width, height: file.height };
}

/** Writes text (captions) to a scratch file and stores it like any other rendition. */
export async function storeAssetText(blobs: BlobStore, assetId: string, scratchPath: string, rendition: 'captions', text: string): Promise<MediaAssetFileRecord> {
  await writeFile(scratchPath, text);
  return storeAssetFile(blobs, assetId, { rendition, path: scratchPath, contentType: 'text/vtt', width: null, height: null });
}

/** The files with `rendition` replaced by `next` (or added). */
export const withFile = (files: readonly MediaAssetFileRecord[], next: MediaAssetFileRecord) => [...files.filter((f) => f.rendition !== next.rendition), next];
