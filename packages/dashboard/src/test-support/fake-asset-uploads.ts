// Test support: the media library's upload side as msw answers it — the ticket route (`POST /api/v1/media-assets`),
// the tus 1.0 endpoint (creation with a declared length, HEAD, PATCH) at the ticket's `uploadUrl`, and the asset
// (`GET`/`DELETE /api/v1/media-assets/:id`). Records every request and keeps the bytes; switches for failures.
import { http, HttpResponse } from 'msw';
import type { CreateMediaAssetRequest, MediaAssetInfo, MediaAssetUploadTicket } from '@reelback/shared';
import { OWNER, worker } from './fake-api.js';

/** `network`: nothing arrives; `cut`: half the PATCH arrives, then the connection drops. */
export type PatchFailure = 'network' | 'cut';

export interface FakeAsset {
  ticket: MediaAssetUploadTicket;
  request: CreateMediaAssetRequest;
  length: number | null;
  parts: Uint8Array[];
  offset: number;
  deleted: boolean;
}

export interface TusRequest {
  method: string;
  assetId: string;
  offset: number;
  size: number;
}

const TUS = { 'Tus-Resumable': '1.0.0', 'Cache-Control': 'no-store' };
const UPLOADS = '/api/v1/uploads';

export class FakeAssetUploads {
  readonly assets = new Map<string, FakeAsset>();
  readonly requests: TusRequest[] = [];
  /** Ticket and asset calls without the owner's CSRF token on a state-changing method (should stay empty). */
  readonly withoutCsrf: string[] = [];
  readonly patchFailures: PatchFailure[] = [];
  /** While set, every PATCH waits for it (to cancel an upload in the middle). */
  holdPatches: Promise<void> | null = null;
  /** The last PATCH is refused with this status and plain-text reason (as the server refuses non-media), when set. */
  refuseLast: { status: number; message: string } | null = null;
  maxBytes = 1_000_000_000;
  private count = 0;

  /** The bytes the server holds for an asset. */
  bytes(assetId: string): Uint8Array {
    const asset = this.assets.get(assetId);
    const out = new Uint8Array(asset?.offset ?? 0);
    let at = 0;
    for (const part of asset?.parts ?? []) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /** What `GET /media-assets/:id` answers: processing once every byte is in, uploading before. */
  info(assetId: string): MediaAssetInfo {
    const asset = this.assets.get(assetId)!;
    const now = new Date().toISOString();
    const complete = asset.length !== null && asset.offset === asset.length;
    return {
      id: assetId,
      name: asset.request.name,
      kind: null,
      status: complete ? 'processing' : 'uploading',
      reason: null,
      sizeBytes: asset.length,
      durationSeconds: null,
      width: null,
      height: null,
      posterAtSeconds: null,
      files: [],
      captions: { status: 'none', source: null, machineMade: false, engine: null, language: null, segments: [], machineSegments: null, url: null, error: null, updatedAt: null },
      createdAt: now,
      updatedAt: now,
    };
  }

  install(): this {
    const problem = (status: number, message: string) => new HttpResponse(`${message}\n`, { status, headers: { ...TUS, 'Content-Type': 'text/plain' } });
    const find = (request: Request, id: string): FakeAsset | Response => {
      const asset = this.assets.get(id);
      if (!asset || asset.deleted) return problem(404, 'no such upload');
      if (request.headers.get('authorization') !== `Bearer ${asset.ticket.token}`) return problem(403, 'This upload ticket is not valid.');
      return asset;
    };
    const csrf = (request: Request) => {
      if (request.headers.get('x-csrf-token') !== OWNER.csrfToken) this.withoutCsrf.push(`${request.method} ${new URL(request.url).pathname}`);
    };
    worker.resetHandlers(
      http.post('/api/v1/media-assets', async ({ request }) => {
        csrf(request);
        const body = (await request.json()) as CreateMediaAssetRequest;
        const assetId = `mda_${String(++this.count).padStart(22, '0')}`;
        const ticket: MediaAssetUploadTicket = {
          assetId,
          uploadUrl: UPLOADS,
          token: `token-${assetId}`,
          maxBytes: this.maxBytes,
          expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        };
        this.assets.set(assetId, { ticket, request: body, length: null, parts: [], offset: 0, deleted: false });
        return HttpResponse.json(ticket, { status: 201 });
      }),
      http.get('/api/v1/media-assets/:assetId', ({ params }) => {
        const asset = this.assets.get(String(params.assetId));
        if (!asset || asset.deleted) return HttpResponse.json({ error: { code: 'not-found', message: 'No such asset.' } }, { status: 404 });
        return HttpResponse.json(this.info(String(params.assetId)));
      }),
      http.delete('/api/v1/media-assets/:assetId', ({ request, params }) => {
        csrf(request);
        const asset = this.assets.get(String(params.assetId));
        this.requests.push({ method: 'DELETE', assetId: String(params.assetId), offset: asset?.offset ?? -1, size: 0 });
        if (!asset || asset.deleted) return HttpResponse.json({ error: { code: 'not-found', message: 'No such asset.' } }, { status: 404 });
        asset.deleted = true;
        return new HttpResponse(null, { status: 204 });
      }),
      http.post(UPLOADS, ({ request }) => {
        const metadata = Object.fromEntries(
          (request.headers.get('upload-metadata') ?? '').split(',').map((pair) => {
            const [key, value] = pair.trim().split(' ');
            return [key, value ? atob(value) : ''];
          }),
        );
        const assetId = metadata.assetId ?? '';
        this.requests.push({ method: 'POST', assetId, offset: 0, size: 0 });
        const asset = find(request, assetId);
        if (asset instanceof Response) return asset;
        if (asset.length !== null) return problem(409, 'An upload for this asset exists already: resume it with HEAD and PATCH.');
        const length = Number(request.headers.get('upload-length'));
        if (!Number.isInteger(length) || length < 0) return problem(400, 'expected Upload-Length');
        if (length > this.maxBytes) return problem(413, 'The file is larger than the limit.');
        asset.length = length;
        return new HttpResponse(null, { status: 201, headers: { ...TUS, Location: `${UPLOADS}/${assetId}` } });
      }),
      http.head(`${UPLOADS}/:assetId`, ({ request, params }) => {
        const assetId = String(params.assetId);
        const asset = find(request, assetId);
        this.requests.push({ method: 'HEAD', assetId, offset: asset instanceof Response ? -1 : asset.offset, size: 0 });
        if (asset instanceof Response) return new HttpResponse(null, { status: asset.status, headers: TUS });
        if (asset.length === null) return new HttpResponse(null, { status: 404, headers: TUS });
        return new HttpResponse(null, { status: 200, headers: { ...TUS, 'Upload-Offset': String(asset.offset), 'Upload-Length': String(asset.length) } });
      }),
      http.patch(`${UPLOADS}/:assetId`, async ({ request, params }) => {
        const assetId = String(params.assetId);
        const offset = Number(request.headers.get('upload-offset'));
        const body = new Uint8Array(await request.arrayBuffer());
        this.requests.push({ method: 'PATCH', assetId, offset, size: body.length });
        if (this.holdPatches) await this.holdPatches;
        const asset = find(request, assetId);
        if (asset instanceof Response) return asset;
        if (request.headers.get('content-type') !== 'application/offset+octet-stream') return problem(415, 'bad content type');
        if (offset !== asset.offset) return problem(409, `offset ${offset} ≠ ${asset.offset}`);
        const failure = this.patchFailures.shift();
        if (failure === 'network') return HttpResponse.error();
        if (failure === 'cut') {
          const half = body.subarray(0, Math.floor(body.length / 2));
          asset.parts.push(half.slice());
          asset.offset += half.length;
          return HttpResponse.error();
        }
        asset.parts.push(body.slice());
        asset.offset += body.length;
        if (asset.offset === asset.length && this.refuseLast) return problem(this.refuseLast.status, this.refuseLast.message);
        return new HttpResponse(null, { status: 204, headers: { ...TUS, 'Upload-Offset': String(asset.offset) } });
      }),
    );
    return this;
  }
}
