import { ClipId, ClipInfo, ClipRendition, SessionId, UploadTicket, UploadTicketRequest } from '@reelback/shared';
import * as z from 'zod';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { ClipsService } from './clips.service.js';
import { perKeyLimit } from './per-key-limit.js';
import { sendBlob } from './send-blob.js';
import type { RateLimits } from '../ports/rate-limits.js';

const tag = 'Clips';

export const ClipList = z.object({ clips: z.array(ClipInfo) });

export function clipsRoutes(clips: ClipsService, blobs: BlobStore, limits?: RateLimits): ApiRoute[] {
  const tickets = perKeyLimit({ limit: 20, windowMs: 60_000, what: 'recordings started in this session' }, limits);
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/sessions/:sessionId/clips',
      operationId: 'createUploadTicket',
      summary: 'Start a recorded answer: get a clip id and the token to upload it with',
      description:
        'The clip is bound to this session and step, and must be an answer kind the step allows. ' +
        'Upload it with the tus 1.0 protocol at `uploadUrl`, sending `Authorization: Bearer <token>` and the upload ' +
        'metadata `clipId` on every request. Limited per session (a number of clips, and a rate).',
      tag,
      access: 'public',
      params: z.object({ sessionId: SessionId }),
      body: { schema: UploadTicketRequest },
      responses: {
        201: { description: 'The ticket', schema: UploadTicket },
        404: { description: 'No such session' },
        409: { description: 'The session is completed' },
        422: { description: 'No such step in the flow, or the step does not take this kind of answer' },
        429: { description: 'Too many clips or requests in this session' },
      },
      handler: async ({ params, body, c }) =>
        tickets.run(c, params.sessionId, async () => c.json(await clips.issueTicket(params.sessionId, body), 201)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/sessions/:sessionId/clips',
      operationId: 'listSessionClips',
      summary: "A session's clips with their status and media",
      tag,
      access: 'owner',
      params: z.object({ sessionId: SessionId }),
      responses: { 200: { description: 'The clips, oldest first', schema: ClipList }, 404: { description: 'No such session' } },
      handler: async ({ params, c }) => c.json({ clips: await clips.listForSession(scopeOf(c), params.sessionId) }, 200),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/clips/:clipId',
      operationId: 'getClip',
      summary: 'One clip: status (and why it was rejected or failed), duration, size, media',
      tag,
      access: 'owner',
      params: z.object({ clipId: ClipId }),
      responses: { 200: { description: 'The clip', schema: ClipInfo }, 404: { description: 'No such clip' } },
      handler: async ({ params, c }) => c.json(await clips.get(scopeOf(c), params.clipId), 200),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/clips/:clipId/media/:rendition',
      operationId: 'getClipMedia',
      summary: "A clip's file: `video` (H.264/AAC MP4), `audio` (AAC M4A), `poster` (JPEG), `wav` (16 kHz mono), `original`",
      description: 'Supports HTTP Range requests, so video and audio elements can seek.',
      tag,
      access: 'owner',
      params: z.object({ clipId: ClipId, rendition: ClipRendition }),
      responses: {
        200: { description: 'The whole file', contentType: 'application/octet-stream' },
        206: { description: 'The requested range', contentType: 'application/octet-stream' },
        302: { description: 'With REELBACK_S3_PRESIGNED_MEDIA: a redirect to a short-lived presigned URL of the bucket, which answers Range itself' },
        404: { description: 'No such clip, or it has no such file (yet)' },
        416: { description: 'The range is outside the file' },
      },
      handler: async ({ params, c }) => {
        const file = await clips.media(scopeOf(c), params.clipId, params.rendition);
        return sendBlob(c, blobs, file, `${params.clipId}/${params.rendition}/${file.sizeBytes}`);
      },
    }),
  ];
}
