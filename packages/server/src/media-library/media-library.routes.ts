import {
  CreateMediaAssetRequest,
  FlowId,
  MediaAssetCaptions,
  MediaAssetCaptionsEdit,
  MediaAssetId,
  MediaAssetInfo,
  MediaAssetList,
  MediaAssetListQuery,
  MediaAssetPatch,
  MediaAssetUploadTicket,
} from '@reelback/shared';
import * as z from 'zod';
import { sendBlob } from '../clips/send-blob.js';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { MediaAssetsService } from './media-assets.service.js';
import { MEDIA_FILES_PATH } from './media-library-settings.js';
import type { MediaUploadsService } from './media-uploads.service.js';

const tag = 'Media library';
const assetParams = z.object({ assetId: MediaAssetId });
const notFound = { description: 'No such asset in this workspace' };

/** A year: the name carries the content's hash, so these bytes never change under this URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export function mediaLibraryRoutes(uploads: MediaUploadsService, assets: MediaAssetsService, blobs: BlobStore): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/media-assets',
      operationId: 'createMediaAsset',
      summary: 'Start a prompt media upload (video, audio or picture): get an asset id and the token to upload it with',
      description:
        'Upload the file with the tus 1.0 protocol at `uploadUrl`, sending `Authorization: Bearer <token>` and the upload ' +
        'metadata `assetId` on every request. The content decides what the asset is; it is checked, converted (H.264/AAC MP4 ' +
        'in two sizes with a poster, AAC M4A, or JPEG) and captioned in the background: poll the asset for its status.',
      tag,
      access: 'owner',
      body: { schema: CreateMediaAssetRequest },
      responses: {
        201: { description: 'The upload ticket', schema: MediaAssetUploadTicket },
        413: { description: 'The declared size is over the limit for prompt media' },
      },
      handler: async ({ body, c }) => c.json(await uploads.createUpload(scopeOf(c), body), 201),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/media-assets',
      operationId: 'listMediaAssets',
      summary: "The workspace's media library, newest first; `q` finds assets by words of their name",
      tag,
      access: 'owner',
      query: MediaAssetListQuery,
      responses: { 200: { description: 'A page of assets', schema: MediaAssetList }, 400: { description: 'A bad cursor or limit' } },
      handler: async ({ query, c }) => c.json(await assets.list(scopeOf(c), query), 200),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/media-assets/:assetId',
      operationId: 'getMediaAsset',
      summary: 'One asset: status (and why it was rejected or failed), facts, file URLs, captions',
      tag,
      access: 'owner',
      params: assetParams,
      responses: { 200: { description: 'The asset', schema: MediaAssetInfo }, 404: notFound },
      handler: async ({ params, c }) => c.json(await assets.get(scopeOf(c), params.assetId), 200),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/media-assets/:assetId',
      operationId: 'updateMediaAsset',
      summary: 'Rename an asset, or take its poster from another frame of the video',
      tag,
      access: 'owner',
      params: assetParams,
      body: { schema: MediaAssetPatch },
      responses: {
        200: { description: 'The asset as it is now', schema: MediaAssetInfo },
        404: notFound,
        409: { description: 'A poster was asked of an asset that is not a ready video' },
        422: { description: 'The poster time is past the end of the video' },
      },
      handler: async ({ params, body, c }) => c.json(await assets.update(scopeOf(c), params.assetId, body), 200),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/media-assets/:assetId',
      operationId: 'deleteMediaAsset',
      summary: 'Delete an asset and its files',
      description: 'Refused while a published flow version uses the asset: the answer names those versions.',
      tag,
      access: 'owner',
      params: assetParams,
      responses: { 204: { description: 'Gone' }, 404: notFound, 409: { description: 'Published flow versions use it (named in `issues`)' } },
      handler: async ({ params, c }) => {
        await assets.delete(scopeOf(c), params.assetId);
        return c.body(null, 204);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/media-assets/:assetId/captions',
      operationId: 'getMediaAssetCaptions',
      summary: "An asset's captions: the cues shown, whether a machine made them, and the machine's own",
      tag,
      access: 'owner',
      params: assetParams,
      responses: { 200: { description: 'The captions', schema: MediaAssetCaptions }, 404: notFound },
      handler: async ({ params, c }) => c.json(await assets.captions(scopeOf(c), params.assetId), 200),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/media-assets/:assetId/captions',
      operationId: 'putMediaAssetCaptions',
      summary: 'Set the captions shown: edited cues (`segments`), or a `.vtt`/`.srt` file (`format` and `text`)',
      description: "The machine's captions are kept in `machineSegments`; the widget shows these.",
      tag,
      access: 'owner',
      params: assetParams,
      body: { schema: MediaAssetCaptionsEdit },
      responses: {
        200: { description: 'The captions as they are now', schema: MediaAssetCaptions },
        404: notFound,
        409: { description: 'The asset is not ready yet' },
        422: { description: 'Not a WebVTT/SRT file, no cues, cues out of order or past the end, or the asset is a picture' },
      },
      handler: async ({ params, body, c }) => c.json(await assets.editCaptions(scopeOf(c), params.assetId, body), 200),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/flows/:flowId/media-assets',
      operationId: 'listFlowMediaAssets',
      summary: 'The library assets a flow uses (its draft and published versions): what an export of the flow carries',
      tag,
      access: 'owner',
      params: z.object({ flowId: FlowId }),
      responses: { 200: { description: 'The assets', schema: z.object({ assets: z.array(MediaAssetInfo) }) }, 404: { description: 'No such flow' } },
      handler: async ({ params, c }) => c.json({ assets: await assets.forFlow(scopeOf(c), params.flowId) }, 200),
    }),
    defineRoute({
      method: 'get',
      path: `${MEDIA_FILES_PATH}/:assetId/:file`,
      operationId: 'getMediaFile',
      summary: "A library asset's file, by its content-addressed name (from the asset's `files[].url`)",
      description: 'Public and immutable: any origin may load it (embeds), it is cached for a year, and HTTP Range is supported.',
      tag,
      access: 'public',
      params: z.object({ assetId: MediaAssetId, file: z.string().max(120) }),
      responses: {
        200: { description: 'The whole file', contentType: 'application/octet-stream' },
        206: { description: 'The requested range', contentType: 'application/octet-stream' },
        302: { description: 'With REELBACK_S3_PRESIGNED_MEDIA: a redirect to a short-lived presigned URL of the bucket, which answers Range itself' },
        404: { description: 'No such file' },
        416: { description: 'The range is outside the file' },
      },
      handler: async ({ params, c }) => {
        const file = await assets.file(params.assetId, params.file);
        const res = await sendBlob(c, blobs, { rendition: 'original', key: file.key, contentType: file.contentType, sizeBytes: 0 }, params.file);
        // Not on a redirect to a presigned URL, which expires.
        if (res.status < 300) res.headers.set('Cache-Control', IMMUTABLE);
        return res;
      },
    }),
  ];
}
