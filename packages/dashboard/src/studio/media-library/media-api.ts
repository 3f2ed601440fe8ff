// The studio's calls to the media library API (`/api/v1/media-assets`, packages/server/src/media-library). Errors are
// `ApiProblem`s carrying the server's words (a refused delete names the published versions that use the asset).
import type {
  CreateMediaAssetRequest,
  MediaAssetCaptions,
  MediaAssetCaptionsEdit,
  MediaAssetInfo,
  MediaAssetList,
  MediaAssetUploadTicket,
} from '@reelback/shared';
import type { ApiClient } from '../../api/api-client.js';

const assetUrl = (assetId: string): string => `/media-assets/${encodeURIComponent(assetId)}`;

/** A page of the library, newest first; `q`: words of the name (every one must appear). */
export function listAssets(api: ApiClient, query: { q?: string; cursor?: string | null; limit?: number } = {}, signal?: AbortSignal): Promise<MediaAssetList> {
  const params = new URLSearchParams({ limit: String(query.limit ?? 24) });
  if (query.q?.trim()) params.set('q', query.q.trim());
  if (query.cursor) params.set('cursor', query.cursor);
  return api.get<MediaAssetList>(`/media-assets?${params}`, signal);
}

export function getAsset(api: ApiClient, assetId: string, signal?: AbortSignal): Promise<MediaAssetInfo> {
  return api.get<MediaAssetInfo>(assetUrl(assetId), signal);
}

export async function renameAsset(api: ApiClient, assetId: string, name: string): Promise<MediaAssetInfo> {
  return (await api.send<MediaAssetInfo>('PATCH', assetUrl(assetId), { name }))!;
}

/** Takes a video's poster from the frame at `atSeconds` (a new poster file, at a new URL). */
export async function setPosterFrame(api: ApiClient, assetId: string, atSeconds: number): Promise<MediaAssetInfo> {
  return (await api.send<MediaAssetInfo>('PATCH', assetUrl(assetId), { posterAtSeconds: atSeconds }))!;
}

/** Refused (409 `media-asset-in-use`) while a published flow version uses the asset: the message names them. */
export async function deleteAsset(api: ApiClient, assetId: string): Promise<void> {
  await api.send('DELETE', assetUrl(assetId));
}

/** Edited cues (`segments`), or a `.vtt`/`.srt` file's text (`format`, `text`). */
export async function saveCaptions(api: ApiClient, assetId: string, edit: MediaAssetCaptionsEdit): Promise<MediaAssetCaptions> {
  return (await api.send<MediaAssetCaptions>('PUT', `${assetUrl(assetId)}/captions`, edit))!;
}

/** A frame of a ready video as a new image asset (ready at once). */
export async function makeFrameImage(api: ApiClient, videoId: string, atSeconds: number): Promise<MediaAssetInfo> {
  return (await api.send<MediaAssetInfo>('POST', `${assetUrl(videoId)}/frames`, { atSeconds }))!;
}

/** The asset's id and the token its tus upload is sent with; a declared size over the limit is refused here (413). */
export async function requestUploadTicket(api: ApiClient, request: CreateMediaAssetRequest): Promise<MediaAssetUploadTicket> {
  return (await api.send<MediaAssetUploadTicket>('POST', '/media-assets', request))!;
}
