import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import { ClipId } from '@reelback/shared';
import { ServiceError } from '../errors/service-error.js';
import type { ClipsService } from './clips.service.js';
import { UPLOADS_PATH } from './clip-settings.js';
import { bearerToken } from './upload-token.js';

/** What tus sends back to the client when a hook refuses a request. */
interface TusRefusal {
  status_code: number;
  body: string;
}

const STATUS: Record<ServiceError['kind'], number> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  unprocessable: 422,
  'too-many': 429,
};

const refusal = (status: number, message: string): TusRefusal => ({ status_code: status, body: `${message}\n` });

function asRefusal(error: unknown): unknown {
  return error instanceof ServiceError ? refusal(STATUS[error.kind], error.message) : error;
}

/** The clipId in a tus `Upload-Metadata` header (`key base64value, …`). */
export function metadataClipId(header: string | null): string | undefined {
  for (const pair of (header ?? '').split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (key === 'clipId' && value) return Buffer.from(value, 'base64').toString('utf8');
  }
  return undefined;
}

const UPLOAD_ID = new RegExp(`^${UPLOADS_PATH}/([^/]+)$`);

/** The clip id a tus request addresses, from its URL (PATCH/HEAD) — or undefined for creation. */
export function uploadIdOf(url: string): string | undefined {
  const match = UPLOAD_ID.exec(new URL(url).pathname);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

/**
 * The tus protocol server for clips. Each upload is named after its clip (from the ticket), and every request
 * must carry that clip's token; so a viewer can only ever write into the clip the server issued to them.
 */
export function createTusUploads(clips: ClipsService, uploadsDir: string): Server {
  const { maxUploadBytes } = clips.settings;
  const server: Server = new Server({
    path: UPLOADS_PATH,
    datastore: new FileStore({ directory: uploadsDir }),
    maxSize: maxUploadBytes,
    // Locations relative to the request: right behind any proxy, and for widgets on other origins.
    relativeLocation: true,
    respectForwardedHeaders: false,
    // Uploads are authorised by token, not cookie: any page may embed the widget.
    allowedOrigins: (origin) => origin.length > 0,
    namingFunction: (_req, metadata) => {
      const parsed = ClipId.safeParse(metadata?.clipId ?? undefined);
      if (!parsed.success) {
        throw refusal(400, 'Upload-Metadata must carry the clipId of your upload ticket (POST /api/v1/sessions/{sessionId}/clips).');
      }
      return parsed.data;
    },
    onIncomingRequest: async (req, uploadId) => {
      try {
        const clip = await clips.authorizeUpload(bearerToken(req.headers.get('authorization')), uploadId);
        if (clip.status !== 'uploading') {
          throw new ServiceError('conflict', 'clip-not-uploading', `This clip was already received (status: ${clip.status}); nothing more can be added.`);
        }
        if (req.method === 'POST' && (await stat(join(uploadsDir, uploadId)).catch(() => undefined))) {
          throw new ServiceError('conflict', 'upload-exists', 'An upload for this clip exists already: resume it at its Location with HEAD and PATCH.');
        }
      } catch (error) {
        throw asRefusal(error);
      }
    },
    onUploadFinish: async (_req, upload) => {
      await clips.uploadFinished(upload.id);
      return {};
    },
    onResponseError: async (req, error) => {
      // An upload refused for its size is over for good: record why on the clip, where its owner looks.
      if ('status_code' in error && error.status_code === 413) {
        const id = uploadIdOf(req.url) ?? metadataClipId(req.headers.get('upload-metadata'));
        if (id) await clips.rejectUpload(id, `the recording is larger than the limit of ${Math.round(maxUploadBytes / 1_000_000)} MB`);
        return refusal(413, `The recording is larger than the limit of ${Math.round(maxUploadBytes / 1_000_000)} MB.`);
      }
      return undefined;
    },
  });
  return server;
}
