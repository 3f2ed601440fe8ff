import type { Context } from 'hono';
import * as z from 'zod';
import type { ApiRoute, RouteMeta } from '../http/route.js';
import { UPLOADS_PATH } from './clip-settings.js';
import { perKeyLimit } from './per-key-limit.js';
import type { TusUploads } from './tus-uploads.js';
import type { RateLimits } from '../ports/rate-limits.js';

const tag = 'Uploads';

const tusHeaders = z.object({ clipId: z.string().describe('The id of the upload ticket: a clip (clp_…) or a media asset (mda_…)') });

/**
 * The tus 1.0 endpoints, mounted as routes so they are documented and listed with the rest. A HEAD on a clip
 * whose upload already completed answers "complete" even after its bytes moved to the blob store, so a widget
 * resuming after a reload or a lost response finishes instead of starting over.
 */
export function uploadsRoutes(uploads: TusUploads, limits?: RateLimits): ApiRoute[] {
  const perClip = perKeyLimit({ limit: 600, windowMs: 60_000, what: 'upload requests for this clip' }, limits);
  // The limit counts only requests carrying the clip's token: nobody else can use up a viewer's requests.
  const handle = (c: Context) => uploads.handle(c.req.raw, (clipId, serve) => perClip.run(c, clipId, serve));
  const common = { tag, access: 'public', cors: 'self' } satisfies Partial<RouteMeta>;
  const refusals = {
    400: { description: 'Not a valid tus request, no clipId (or assetId) in the metadata, or a malformed id in the URL' },
    403: { description: 'Missing, invalid or expired token, or a token for another upload' },
    409: { description: 'The clip was already received (or refused), or the offset does not match' },
    412: { description: 'A tus version other than 1.0.0 (`Tus-Version` says which the server speaks)' },
    413: { description: 'Over the size limit (the clip or asset is then marked rejected)' },
    422: { description: 'A prompt media file whose content cannot be used (not media, empty, too large a picture): the asset is rejected' },
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
      handle,
    },
    {
      ...common,
      method: 'delete',
      path: `${UPLOADS_PATH}/:clipId`,
      operationId: 'terminateUpload',
      summary: 'tus termination: the viewer threw the take away; the clip, its files and jobs are deleted',
      description: 'Whether the upload is in progress or complete (processing). A clip submitted with an answer is not deleted (409); a media asset upload cannot be terminated (405).',
      params: tusHeaders,
      responses: { 204: { description: 'Deleted (or gone already)' }, 405: { description: 'A media asset upload' }, ...refusals },
      handle,
    },
  ];
}
