// Test support: a tus 1.0.0 server (creation with deferred length, PATCH, HEAD) and the upload-ticket route,
// answered by msw's service worker. Records every request; switches for failures.
import { http, HttpResponse } from 'msw';
import type { UploadTicket, UploadTicketRequest } from '@reelback/shared';
import { worker } from '../test-support/fake-api.js';

/**
 * `network`: nothing arrives; `cut`: half the PATCH arrives, then the connection drops; `lost`: the whole PATCH
 * arrives, its answer does not; a status: answered so, after taking the bytes when `stored`.
 */
export type PatchFailure = 'network' | 'cut' | 'lost' | { status: number; message: string; stored?: boolean };

export interface FakeUpload {
  clipId: string;
  token: string;
  parts: Uint8Array[];
  offset: number;
  length: number | null;
}

export interface TusRequest {
  method: string;
  clipId: string;
  offset: number;
  size: number;
  length: string | null;
  /** performance.now() when it arrived */
  at: number;
}

export class FakeTusServer {
  readonly origin = location.origin;
  readonly uploads = new Map<string, FakeUpload>();
  readonly requests: TusRequest[] = [];
  /** Uploads ended with a tus DELETE (termination): kept in `uploads` for the tests to count. */
  readonly terminated = new Set<string>();
  readonly ticketRequests: UploadTicketRequest[] = [];
  /** What the next PATCH requests get instead of success, used up in order. */
  readonly patchFailures: PatchFailure[] = [];
  /** Creations whose answer is lost (the server made the upload, the client saw a network error). */
  lostCreations = 0;
  /** Answers every HEAD and PATCH of these clips with 409 "not uploading any more" (the clip moved on). */
  readonly closed = new Set<string>();
  /** Larger uploads get a 413. */
  maxBytes = 50_000_000;
  maxDurationSeconds = 120;
  /**
   * The next HEADs answered 410 "gone" whatever the upload holds: what a server answered while its processing job
   * moved a completed upload's file (issue #11).
   */
  headsGone = 0;
  /** While set, PATCHes that declare Upload-Length wait for it. */
  holdLast: Promise<void> | null = null;
  private ticketCount = 0;

  ticket(): UploadTicket {
    const clipId = `clp_${Date.now().toString(36)}${String(++this.ticketCount).padStart(4, '0')}${Math.random().toString(36).slice(2, 10)}`;
    return {
      clipId,
      uploadUrl: '/api/v1/uploads',
      token: `token-${clipId}`,
      maxBytes: this.maxBytes,
      maxDurationSeconds: this.maxDurationSeconds,
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    };
  }

  /** The bytes the server holds for a clip. */
  bytes(clipId: string): Uint8Array {
    const upload = this.uploads.get(clipId);
    const out = new Uint8Array(upload?.offset ?? 0);
    let at = 0;
    for (const part of upload?.parts ?? []) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  install(): this {
    const tusHeaders = { 'Tus-Resumable': '1.0.0', 'Cache-Control': 'no-store' };
    // Refusals as @tus/server words them: the message as plain text.
    const problem = (status: number, message: string) => new HttpResponse(`${message}\n`, { status, headers: { ...tusHeaders, 'Content-Type': 'text/plain' } });
    const authorized = (request: Request, upload: FakeUpload | undefined) => request.headers.get('authorization') === `Bearer ${upload?.token}`;
    worker.resetHandlers(
      http.post(`${this.origin}/api/v1/sessions/:sessionId/clips`, async ({ request }) => {
        this.ticketRequests.push((await request.json()) as UploadTicketRequest);
        return HttpResponse.json(this.ticket(), { status: 201 });
      }),
      http.post(`${this.origin}/api/v1/uploads`, ({ request }) => {
        const metadata = Object.fromEntries(
          (request.headers.get('upload-metadata') ?? '').split(',').map((pair) => {
            const [key, value] = pair.trim().split(' ');
            return [key, value ? atob(value) : ''];
          }),
        );
        const clipId = metadata.clipId ?? '';
        this.requests.push({ method: 'POST', clipId, offset: 0, size: 0, length: request.headers.get('upload-length'), at: performance.now() });
        if (request.headers.get('upload-defer-length') !== '1') return problem(400, 'expected Upload-Defer-Length');
        if (this.closed.has(clipId)) return problem(409, 'This clip was already received; nothing more can be added.');
        if (this.uploads.has(clipId)) return problem(409, 'An upload for this clip exists already: resume it with HEAD and PATCH.');
        const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
        if (!token.endsWith(clipId)) return problem(403, 'This upload ticket is not valid.');
        this.uploads.set(clipId, { clipId, token, parts: [], offset: 0, length: null });
        if (this.lostCreations > 0 && this.lostCreations--) return HttpResponse.error();
        return new HttpResponse(null, { status: 201, headers: { ...tusHeaders, Location: `/api/v1/uploads/${clipId}` } });
      }),
      http.delete(`${this.origin}/api/v1/uploads/:clipId`, ({ request, params }) => {
        const upload = this.uploads.get(String(params.clipId));
        this.requests.push({ method: 'DELETE', clipId: String(params.clipId), offset: upload?.offset ?? -1, size: 0, length: null, at: performance.now() });
        if (!upload) return new HttpResponse(null, { status: 404, headers: tusHeaders });
        if (!authorized(request, upload)) return new HttpResponse(null, { status: 403, headers: tusHeaders });
        this.terminated.add(upload.clipId);
        return new HttpResponse(null, { status: 204, headers: tusHeaders });
      }),
      http.head(`${this.origin}/api/v1/uploads/:clipId`, ({ request, params }) => {
        const upload = this.uploads.get(String(params.clipId));
        this.requests.push({ method: 'HEAD', clipId: String(params.clipId), offset: upload?.offset ?? -1, size: 0, length: null, at: performance.now() });
        if (!upload) return new HttpResponse(null, { status: 404, headers: tusHeaders });
        if (this.headsGone > 0 && this.headsGone--) return new HttpResponse(null, { status: 410, headers: tusHeaders });
        if (this.closed.has(upload.clipId)) return new HttpResponse(null, { status: 409, headers: tusHeaders });
        if (!authorized(request, upload)) return new HttpResponse(null, { status: 403, headers: tusHeaders });
        const length: Record<string, string> = upload.length === null ? { 'Upload-Defer-Length': '1' } : { 'Upload-Length': String(upload.length) };
        return new HttpResponse(null, { status: 200, headers: { ...tusHeaders, 'Upload-Offset': String(upload.offset), ...length } });
      }),
      http.patch(`${this.origin}/api/v1/uploads/:clipId`, async ({ request, params }) => {
        const upload = this.uploads.get(String(params.clipId));
        const offset = Number(request.headers.get('upload-offset'));
        const length = request.headers.get('upload-length');
        const body = new Uint8Array(await request.arrayBuffer());
        this.requests.push({ method: 'PATCH', clipId: String(params.clipId), offset, size: body.length, length, at: performance.now() });
        if (!upload) return problem(404, 'no such upload');
        if (!authorized(request, upload)) return problem(403, 'This upload ticket is not valid.');
        if (this.closed.has(upload.clipId)) return problem(409, 'This clip was already received; nothing more can be added.');
        if (request.headers.get('content-type') !== 'application/offset+octet-stream') return problem(415, 'bad content type');
        if (offset !== upload.offset) return problem(409, `offset ${offset} ≠ ${upload.offset}`);
        if (length !== null && this.holdLast) await this.holdLast;
        const failure = this.patchFailures.shift();
        if (failure === 'network') return HttpResponse.error();
        if (failure === 'cut') {
          // The connection drops half-way: the server keeps what arrived.
          const half = body.subarray(0, Math.floor(body.length / 2));
          upload.parts.push(half.slice());
          upload.offset += half.length;
          return HttpResponse.error();
        }
        if (failure && failure !== 'lost' && !failure.stored) return problem(failure.status, failure.message);
        if (upload.offset + body.length > this.maxBytes) return problem(413, 'This recording is larger than the server accepts.');
        if (length !== null) upload.length = Number(length);
        upload.parts.push(body.slice());
        upload.offset += body.length;
        if (failure === 'lost') return HttpResponse.error();
        if (failure) return problem(failure.status, failure.message);
        return new HttpResponse(null, { status: 204, headers: { ...tusHeaders, 'Upload-Offset': String(upload.offset) } });
      }),
    );
    return this;
  }
}

/** Every chunk IndexedDB holds for a clip, concatenated. */
export async function storedBytes(clipId: string): Promise<Uint8Array> {
  const { inStores, chunkRange } = await import('./upload-db.js');
  const chunks = await inStores<ArrayBuffer[]>('readonly', (_, store) => store.getAll(chunkRange(clipId)));
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(new Uint8Array(chunk), at);
    at += chunk.byteLength;
  }
  return out;
}

/** Waits until `check` holds (polling), or fails after `timeout` ms. */
export async function until(check: () => boolean | Promise<boolean>, timeout = 8000, what = 'condition'): Promise<void> {
  const end = performance.now() + timeout;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sha256 = async (bytes: Uint8Array): Promise<string> =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))].map((b) => b.toString(16).padStart(2, '0')).join('');
