import { Server } from '@tus/server';
import { ServiceError } from '../errors/service-error.js';
import { HttpError } from '../http/api-error.js';
import { decodeComponent, rawPath } from '../http/decode.js';
import type { UploadArea } from '../ports/upload-area.js';
import { UPLOADS_PATH } from './clip-settings.js';
import { bearerToken } from './upload-token.js';
import type { UploadTarget } from './upload-target.js';


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
  gone: 410,
  conflict: 409,
  'too-large': 413,
  unprocessable: 422,
  'too-many': 429,
};

const refusal = (status: number, message: string): TusRefusal => ({ status_code: status, body: `${message}\n` });

/** One value of a tus `Upload-Metadata` header (`key base64value, …`). */
export function metadataValue(header: string | null, wanted: string): string | undefined {
  for (const pair of (header ?? '').split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (key === wanted && value) return Buffer.from(value, 'base64').toString('utf8');
  }
  return undefined;
}


/** The upload id a tus request addresses, from its URL (PATCH/HEAD) — or undefined for creation. A bad escape is a 400. */
export function uploadIdOf(url: string): string | undefined {
  const path = rawPath(url);
  if (!path.startsWith(`${UPLOADS_PATH}/`)) return undefined;
  const rest = path.slice(UPLOADS_PATH.length + 1);
  return rest === '' || rest.includes('/') ? undefined : decodeComponent(rest, 'clipId', 'path');
}

/** Runs `serve` for an upload, or answers for it (a per-upload request limit). */
export type Throttle = (uploadId: string, serve: () => Promise<Response>) => Promise<Response>;

const closed = (target: UploadTarget) => `This ${target.noun} was already received; nothing more can be added.`;

/**
 * The tus protocol server for clips and prompt media. Each upload is named after its record (from the ticket), and
 * every request must carry that record's token. The token is checked before the tus server sees the request at all
 * — it checks sizes and headers first, and a size refusal marks the upload rejected — so nothing a request without
 * the token says can change the record. A completed upload is answered from its record, not from the file: the
 * processing job moves the file away at any moment after the last byte.
 */
export class TusUploads {
  readonly server: Server;
  /** The upload each request was admitted for, and its kind: the only one the tus hooks may act on. */
  private readonly admitted = new WeakMap<Request, { id: string; target: UploadTarget }>();

  constructor(
    private readonly targets: readonly UploadTarget[],
    private readonly area: UploadArea,
  ) {
    const limitOf = (target: UploadTarget) => `the limit of ${Math.round(target.maxBytes / 1_000_000)} MB`;
    this.server = new Server({
      path: UPLOADS_PATH,
      datastore: area.datastore,
      ...(area.locker ? { locker: area.locker } : {}),
      // Every request reaching tus was admitted; the smallest limit stands in for one that somehow was not.
      maxSize: (req) => this.admitted.get(req)?.target.maxBytes ?? Math.min(...targets.map((t) => t.maxBytes)),
      // Locations relative to the request: right behind any proxy, and for widgets on other origins.
      relativeLocation: true,
      respectForwardedHeaders: false,
      // Uploads are authorised by token, not cookie: any page may embed the widget.
      allowedOrigins: (origin) => origin.length > 0,
      exposedHeaders: ['Tus-Version', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After'],
      // The datastore knows an upload by its store id (with S3, the key of the object it becomes); URLs carry the
      // public id (`clp_…`), which is all a client ever sees.
      namingFunction: (req) => {
        const admitted = this.admitted.get(req);
        if (admitted === undefined) throw refusal(403, 'Upload refused: not admitted.');
        return this.storeId(admitted);
      },
      generateUrl: (req, { path }) => `${path}/${encodeURIComponent(this.admitted.get(req)?.id ?? '')}`,
      getFileIdFromRequest: (req, lastPath) => {
        const admitted = this.admitted.get(req);
        return admitted !== undefined && admitted.id === lastPath ? this.storeId(admitted) : undefined;
      },
      onUploadFinish: async (req, upload) => {
        const admitted = this.admitted.get(req);
        if (admitted === undefined || this.storeId(admitted) !== upload.id) return {};
        try {
          await admitted.target.received(admitted.id, upload.offset);
        } catch (error) {
          if (error instanceof ServiceError) throw refusal(STATUS[error.kind], error.message);
          throw error;
        }
        return {};
      },
      onResponseError: async (req, error) => {
        // An upload refused for its size is over for good: record why on it, where its owner looks.
        if ('status_code' in error && error.status_code === 413) {
          const admitted = this.admitted.get(req);
          if (!admitted) return refusal(413, 'The upload is larger than the limit.');
          const what = admitted.target.noun === 'clip' ? 'recording' : 'file';
          await admitted.target.reject(admitted.id, `the ${what} is larger than ${limitOf(admitted.target)}`);
          return refusal(413, `The ${what} is larger than ${limitOf(admitted.target)}.`);
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
      const named = req.method === 'POST' ? this.creationTarget(req) : this.targetOf(uploadIdOf(req.url));
      if (named === undefined) return this.answer(req, 404, 'There is no upload here: use /api/v1/uploads/{clipId}.');
      await named.target.checkToken(bearerToken(req.headers.get('authorization')), named.id);
      return await throttle(named.id, () => this.serve(req, named.id, named.target));
    } catch (error) {
      if (error instanceof ServiceError) return this.answer(req, STATUS[error.kind], error.message);
      if (error instanceof HttpError) return this.answer(req, error.status, error.message);
      throw error;
    }
  }

  private storeId(named: { id: string; target: UploadTarget }): string {
    return this.area.storeId(named.id, named.target.blobKey(named.id));
  }

  /** Every byte of upload `id` is in (the datastore says so): a start after a crash requeues such uploads. */
  async isComplete(id: string): Promise<boolean> {
    const named = this.targetOf(id);
    if (named === undefined) return false;
    const upload = await this.server.datastore.getUpload(this.storeId(named)).catch(() => undefined);
    return upload !== undefined && upload.size !== undefined && upload.offset === upload.size;
  }

  /** The upload a creation request names in its metadata (`clipId` or `assetId`). */
  private creationTarget(req: Request): { id: string; target: UploadTarget } {
    const metadata = req.headers.get('upload-metadata');
    for (const target of this.targets) {
      const value = metadataValue(metadata, target.metadataKey);
      if (value === undefined) continue;
      const id = target.parseId(value);
      if (id !== undefined) return { id, target };
      throw new HttpError(400, 'bad-upload-id', `Upload-Metadata ${target.metadataKey} is not a ${target.noun} id issued by this server.`);
    }
    throw new HttpError(
      400,
      'no-clip-id',
      'Upload-Metadata must carry the clipId of your upload ticket (POST /api/v1/sessions/{sessionId}/clips), or the assetId of a media upload ticket.',
    );
  }

  private targetOf(id: string | undefined): { id: string; target: UploadTarget } | undefined {
    for (const target of this.targets) {
      const parsed = target.parseId(id);
      if (parsed !== undefined) return { id: parsed, target };
    }
    return undefined;
  }

  /** A request whose token matches its upload: where the upload stands decides whether tus gets it. */
  private async serve(req: Request, id: string, target: UploadTarget): Promise<Response> {
    if (req.method === 'DELETE') return this.terminate(req, id, target);
    const before = await target.state(id);
    if (before.kind === 'complete' && req.method === 'HEAD') return this.complete(req, before.sizeBytes);
    if (before.kind !== 'open') return this.answer(req, 409, closed(target));
    if (req.method === 'POST' && (await this.area.exists(id, target.blobKey(id)))) {
      return this.answer(req, 409, `An upload for this ${target.noun} exists already: resume it at its Location with HEAD and PATCH.`);
    }
    if (req.method === 'PATCH' && req.headers.has('upload-length')) req = await this.withoutRepeatedLength(req, this.storeId({ id, target }));
    this.admitted.set(req, { id, target });
    const response = await this.server.handleWeb(req);
    if (response.status !== 404 && response.status !== 410) return response;
    // The upload finished meanwhile and its file moved on (a HEAD or a resume racing the last byte's job): the
    // record says so now.
    const after = await target.state(id);
    if (after.kind === 'complete' && req.method === 'HEAD') return this.complete(req, after.sizeBytes);
    if (after.kind !== 'open') return this.answer(req, 409, closed(target));
    return response;
  }

  /**
   * tus termination: an upload in progress is ended by the tus server (its file and `.json` go), then the record is
   * discarded; a complete one (its file moved on to processing) is discarded straight away. 204 either way.
   */
  private async terminate(req: Request, id: string, target: UploadTarget): Promise<Response> {
    if (!target.discard) return this.answer(req, 405, `A ${target.noun} upload cannot be terminated.`);
    const state = await target.state(id);
    if (state.kind === 'open' && (await this.area.exists(id, target.blobKey(id)))) {
      this.admitted.set(req, { id, target });
      const response = await this.server.handleWeb(req);
      if (response.status !== 204 && response.status !== 404 && response.status !== 410) return response;
    }
    await target.discard(id);
    return new Response(null, { status: 204, headers: this.headers(req) });
  }

  /**
   * A client with a deferred length (the widget) declares it on its last PATCH — and again when it resumes a last
   * PATCH that was cut short: a reload or a lost connection mid-request, or a stale request from before a reload
   * taking the upload's lock (@tus/server lets the newest request interrupt the one holding it). The length is then
   * on the upload already and @tus/server refuses any second declaration with 400, which left such an upload
   * unfinishable (the clip stayed `uploading`). The same length again is dropped here; a different one still
   * reaches tus, which refuses it.
   */
  private async withoutRepeatedLength(req: Request, storeId: string): Promise<Request> {
    const declared = await this.server.datastore.getUpload(storeId).then(
      (upload) => upload.size,
      () => undefined,
    );
    if (declared === undefined || String(declared) !== req.headers.get('upload-length')) return req;
    const headers = new Headers(req.headers);
    headers.delete('upload-length');
    return new Request(req, { headers });
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
