import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import { ClipId } from '@reelback/shared';
import { ServiceError } from '../errors/service-error.js';
import { HttpError } from '../http/api-error.js';
import { decodeComponent, rawPath } from '../http/decode.js';
import type { ClipsService } from './clips.service.js';
import { UPLOADS_PATH } from './clip-settings.js';
import { bearerToken } from './upload-token.js';

export const TUS_VERSION = '1.0.0';
const EXPOSED = 'Upload-Offset, Upload-Length, Tus-Resumable, Tus-Version, Location, Upload-Expires, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After';

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

/** The clipId in a tus `Upload-Metadata` header (`key base64value, …`). */
export function metadataClipId(header: string | null): string | undefined {
  for (const pair of (header ?? '').split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (key === 'clipId' && value) return Buffer.from(value, 'base64').toString('utf8');
  }
  return undefined;
}

/** The clip id a tus request addresses, from its URL (PATCH/HEAD) — or undefined for creation. A bad escape is a 400. */
export function uploadIdOf(url: string): string | undefined {
  const path = rawPath(url);
  if (!path.startsWith(`${UPLOADS_PATH}/`)) return undefined;
  const rest = path.slice(UPLOADS_PATH.length + 1);
  return rest === '' || rest.includes('/') ? undefined : decodeComponent(rest, 'clipId', 'path');
}

/** Runs `serve` for a clip, or answers for it (a per-clip request limit). */
export type Throttle = (clipId: string, serve: () => Promise<Response>) => Promise<Response>;

const CLOSED = 'This clip was already received; nothing more can be added.';

/**
 * The tus protocol server for clips. Each upload is named after its clip (from the ticket), and every request must
 * carry that clip's token. The token is checked before the tus server sees the request at all — it checks sizes and
 * headers first, and a size refusal marks the clip rejected — so nothing a request without the clip's token says can
 * change the clip. A completed upload is answered from the clip's record, not from the file: the processing job
 * moves the file away at any moment after the last byte.
 */
export class TusUploads {
  readonly server: Server;
  /** The clip each request was admitted for: the only clip the tus hooks may act on. */
  private readonly admitted = new WeakMap<Request, string>();

  constructor(
    private readonly clips: ClipsService,
    private readonly uploadsDir: string,
  ) {
    const { maxUploadBytes } = clips.settings;
    const limit = `the limit of ${Math.round(maxUploadBytes / 1_000_000)} MB`;
    this.server = new Server({
      path: UPLOADS_PATH,
      datastore: new FileStore({ directory: uploadsDir }),
      maxSize: maxUploadBytes,
      // Locations relative to the request: right behind any proxy, and for widgets on other origins.
      relativeLocation: true,
      respectForwardedHeaders: false,
      // Uploads are authorised by token, not cookie: any page may embed the widget.
      allowedOrigins: (origin) => origin.length > 0,
      exposedHeaders: ['Tus-Version', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After'],
      namingFunction: (req) => {
        const clipId = this.admitted.get(req);
        if (clipId === undefined) throw refusal(403, 'Upload refused: not admitted.');
        return clipId;
      },
      onUploadFinish: async (req, upload) => {
        if (this.admitted.get(req) === upload.id) await this.clips.uploadReceived(upload.id, upload.offset);
        return {};
      },
      onResponseError: async (req, error) => {
        // An upload refused for its size is over for good: record why on the clip, where its owner looks.
        if ('status_code' in error && error.status_code === 413) {
          const clipId = this.admitted.get(req);
          if (clipId) await this.clips.rejectUpload(clipId, `the recording is larger than ${limit}`);
          return refusal(413, `The recording is larger than ${limit}.`);
        }
        return undefined;
      },
    });
  }

  /**
   * Answers one tus request: preflights straight away; otherwise the protocol version, the clip named (URL or
   * metadata) and its token first, then `throttle`, then where the clip stands, and only then the tus server.
   */
  async handle(req: Request, throttle: Throttle = (_clipId, serve) => serve()): Promise<Response> {
    if (req.method === 'OPTIONS') return this.server.handleWeb(req);
    try {
      const version = req.headers.get('tus-resumable');
      if (version !== TUS_VERSION) {
        const status = version === null ? 'no Tus-Resumable header' : `Tus-Resumable ${version}`;
        return this.answer(req, 412, `This server speaks tus ${TUS_VERSION} only (the request has ${status}).`, { 'Tus-Version': TUS_VERSION });
      }
      const clipId = req.method === 'POST' ? this.creationClipId(req) : uploadIdOf(req.url);
      if (clipId === undefined) return this.answer(req, 404, 'There is no upload here: use /api/v1/uploads/{clipId}.');
      this.clips.checkUploadToken(bearerToken(req.headers.get('authorization')), clipId);
      return await throttle(clipId, () => this.serve(req, clipId));
    } catch (error) {
      if (error instanceof ServiceError) return this.answer(req, STATUS[error.kind], error.message);
      if (error instanceof HttpError) return this.answer(req, error.status, error.message);
      throw error;
    }
  }

  private creationClipId(req: Request): string {
    const parsed = ClipId.safeParse(metadataClipId(req.headers.get('upload-metadata')));
    if (!parsed.success) {
      throw new HttpError(400, 'no-clip-id', 'Upload-Metadata must carry the clipId of your upload ticket (POST /api/v1/sessions/{sessionId}/clips).');
    }
    return parsed.data;
  }

  /** A request whose token matches its clip: where the clip stands decides whether tus gets it. */
  private async serve(req: Request, clipId: string): Promise<Response> {
    const before = await this.clips.uploadState(clipId);
    if (before.kind === 'complete' && req.method === 'HEAD') return this.complete(req, before.sizeBytes);
    if (before.kind !== 'open') return this.answer(req, 409, CLOSED);
    if (req.method === 'POST' && (await stat(join(this.uploadsDir, clipId)).catch(() => undefined))) {
      return this.answer(req, 409, 'An upload for this clip exists already: resume it at its Location with HEAD and PATCH.');
    }
    this.admitted.set(req, clipId);
    const response = await this.server.handleWeb(req);
    if (response.status !== 404 && response.status !== 410) return response;
    // The upload finished meanwhile and its file moved on (a HEAD or a resume racing the last byte's job): the
    // record says so now.
    const after = await this.clips.uploadState(clipId);
    if (after.kind === 'complete' && req.method === 'HEAD') return this.complete(req, after.sizeBytes);
    if (after.kind !== 'open') return this.answer(req, 409, CLOSED);
    return response;
  }

  private complete(req: Request, sizeBytes: number): Response {
    return new Response(null, {
      status: 200,
      headers: { ...this.headers(req), 'Upload-Offset': String(sizeBytes), 'Upload-Length': String(sizeBytes), 'Cache-Control': 'no-store' },
    });
  }

  /** A refusal worded as @tus/server words its own (plain text), readable from other origins. */
  private answer(req: Request, status: number, message: string, extra: Record<string, string> = {}): Response {
    const body = req.method === 'HEAD' ? null : `${message}\n`;
    return new Response(body, { status, headers: { ...this.headers(req), 'Content-Type': 'text/plain; charset=utf-8', ...extra } });
  }

  private headers(req: Request): Record<string, string> {
    const origin = req.headers.get('origin');
    return {
      'Tus-Resumable': TUS_VERSION,
      ...(origin ? { 'Access-Control-Allow-Origin': origin } : {}),
      'Access-Control-Expose-Headers': EXPOSED,
    };
  }
}
