import type { Server } from '@tus/server';
import type { Context } from 'hono';
import * as z from 'zod';
import { ServiceError } from '../errors/service-error.js';
import type { ApiRoute, RouteMeta } from '../http/route.js';
import type { ClipsService } from './clips.service.js';
import { UPLOADS_PATH } from './clip-settings.js';
import { perKeyLimit } from './per-key-limit.js';
import { metadataClipId, uploadIdOf } from './tus-uploads.js';
import { bearerToken } from './upload-token.js';

const tag = 'Uploads';
const TUS_VERSION = '1.0.0';
const EXPOSED = 'Upload-Offset, Upload-Length, Tus-Resumable, Location, Upload-Expires, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After';

const tusHeaders = z.object({ clipId: z.string().describe('The clip id of the upload ticket') });

/**
 * The tus 1.0 endpoints, mounted as routes so they are documented and listed with the rest. A HEAD on a clip
 * whose upload already completed answers "complete" even after its bytes moved to the blob store, so a widget
 * resuming after a reload or a lost response finishes instead of starting over.
 */
export function uploadsRoutes(tus: Server, clips: ClipsService): ApiRoute[] {
  const perClip = perKeyLimit({ limit: 600, windowMs: 60_000, what: 'upload requests for this clip' });
  const handle = (c: Context) => {
    const key = uploadIdOf(c.req.url) ?? metadataClipId(c.req.header('upload-metadata') ?? null) ?? 'unnamed';
    return c.req.method === 'OPTIONS' ? tus.handleWeb(c.req.raw) : perClip.run(c, key, () => tus.handleWeb(c.req.raw));
  };
  const common = { tag, access: 'public', cors: 'self' } satisfies Partial<RouteMeta>;
  const refusals = {
    400: { description: 'Not a valid tus request, or no clipId in the metadata' },
    403: { description: 'Missing, invalid or expired token, or a token for another clip' },
    409: { description: 'The clip was already received, or the offset does not match' },
    413: { description: 'Over the size limit (the clip is then marked rejected)' },
    429: { description: 'Too many requests for this clip' },
  };
  return [
    {
      ...common,
      method: 'post',
      path: UPLOADS_PATH,
      operationId: 'createUpload',
      summary: 'tus creation: start the upload of a clip (Upload-Length or Upload-Defer-Length: 1)',
      responses: { 201: { description: 'Created; `Location` is where to PATCH' }, ...refusals },
      handle,
    },
    {
      ...common,
      method: 'patch',
      path: `${UPLOADS_PATH}/:clipId`,
      operationId: 'appendUpload',
      summary: 'tus: append bytes at Upload-Offset (Content-Type: application/offset+octet-stream)',
      params: tusHeaders,
      responses: { 204: { description: 'Appended; `Upload-Offset` is the new offset' }, ...refusals },
      handle,
    },
    {
      ...common,
      method: 'head',
      path: `${UPLOADS_PATH}/:clipId`,
      operationId: 'uploadOffset',
      summary: 'tus: how many bytes of the clip the server holds',
      params: tusHeaders,
      responses: { 200: { description: '`Upload-Offset` (and `Upload-Length` once known)' }, ...refusals },
      handle: async (c) => {
        const clipId = uploadIdOf(c.req.url) ?? '';
        const cors = { 'Access-Control-Allow-Origin': c.req.header('origin') ?? '*', 'Access-Control-Expose-Headers': EXPOSED };
        try {
          const clip = await clips.authorizeUpload(bearerToken(c.req.header('authorization')), clipId);
          const size = await clips.receivedSize(clip);
          if (size !== undefined) {
            return c.body(null, 200, {
              ...cors,
              'Tus-Resumable': TUS_VERSION,
              'Upload-Offset': String(size),
              'Upload-Length': String(size),
              'Cache-Control': 'no-store',
            });
          }
        } catch (error) {
          if (error instanceof ServiceError) {
            const status = error.kind === 'not-found' ? 404 : 403;
            return c.body(null, status, { ...cors, 'Tus-Resumable': TUS_VERSION });
          }
          throw error;
        }
        return handle(c);
      },
    },
  ];
}
