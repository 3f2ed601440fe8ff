import { MediaAssetFrameRequest, MediaAssetId, MediaAssetInfo } from '@reelback/shared';
import * as z from 'zod';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { AssetFramesService } from './asset-frames.service.js';

/** `POST /media-assets/:assetId/frames`: a still of a library video as an image asset of its own. */
export function assetFramesRoutes(frames: AssetFramesService): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/media-assets/:assetId/frames',
      operationId: 'createMediaAssetFrame',
      summary: 'Make a picture of one frame of a library video: a new image asset (the studio uses it as the bubble avatar)',
      description:
        'The frame at `atSeconds` becomes an image asset of the same workspace, ready at once, with `image-1280` and ' +
        '`image-640` JPEGs at content-addressed URLs. The video is not changed.',
      tag: 'Media library',
      access: 'owner',
      params: z.object({ assetId: MediaAssetId }),
      body: { schema: MediaAssetFrameRequest },
      responses: {
        201: { description: 'The new image asset', schema: MediaAssetInfo },
        404: { description: 'No such asset in this workspace' },
        409: { description: 'The asset is not a ready video' },
        422: { description: 'The time is past the end of the video' },
      },
      handler: async ({ params, body, c }) => c.json(await frames.makeFrameImage(scopeOf(c), params.assetId, body), 201),
    }),
  ];
}
