// How the studio names and shows library assets: kinds, statuses, durations, the picture that stands for one.
import type { MediaAssetInfo, MediaAssetKind, MediaAssetRendition, Step } from '@reelback/shared';
import { formatClock } from '../../util/format.js';

const KIND: Record<MediaAssetKind, string> = { video: 'Video', audio: 'Sound', image: 'Picture' };

export const kindLabel = (asset: MediaAssetInfo): string => (asset.kind ? KIND[asset.kind] : 'Not checked yet');

const STATUS: Record<MediaAssetInfo['status'], string> = {
  uploading: 'Uploading',
  processing: 'Processing',
  ready: 'Ready',
  rejected: 'Rejected',
  failed: 'Failed',
};

export const statusLabel = (asset: MediaAssetInfo): string => STATUS[asset.status];

/** "1:05", or nothing for a picture or an asset not measured yet. */
export const durationLabel = (asset: MediaAssetInfo): string => (asset.durationSeconds === null ? '' : formatClock(Math.round(asset.durationSeconds)));

export const fileUrl = (asset: MediaAssetInfo, rendition: MediaAssetRendition): string | undefined => asset.files.find((f) => f.rendition === rendition)?.url;

/** The picture that stands for an asset: a video's poster, a picture's small rendition; none for sound. */
export const thumbnailOf = (asset: MediaAssetInfo): string | undefined =>
  asset.kind === 'video' ? fileUrl(asset, 'poster') : asset.kind === 'image' ? (fileUrl(asset, 'image-640') ?? fileUrl(asset, 'image-1280')) : undefined;

/** A URL fit for an `<img>`: http(s) or a same-origin path, as the flow schema allows. */
export const safeImageUrl = (src: string | undefined): string | null => (src && (/^https?:\/\//i.test(src) || /^\/(?![/\\])/.test(src)) ? src : null);

/** The picture a step's card shows: its library asset's, else the poster or picture it names itself. */
export function stepThumbnail(step: Step, lookup: (assetId: string) => MediaAssetInfo | undefined): string | null {
  const ref = step.prompt.media;
  if (ref) {
    const asset = lookup(ref.assetId);
    return safeImageUrl(asset && thumbnailOf(asset));
  }
  const { video, image } = step.prompt;
  return safeImageUrl(video?.poster ?? image?.small ?? image?.src);
}

/** What an owner reads about an asset's state: the status, and why when it was refused or failed. */
export const stateText = (asset: MediaAssetInfo): string => (asset.reason && (asset.status === 'rejected' || asset.status === 'failed') ? `${statusLabel(asset)}: ${asset.reason}` : statusLabel(asset));
