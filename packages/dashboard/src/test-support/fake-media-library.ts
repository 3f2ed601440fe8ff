// The media library API and its tus endpoint as the server answers them (packages/server/src/media-library, README
// "Media library"), played by msw for the studio's component tests: tickets (413 over the limit before a byte), tus
// creation / HEAD / PATCH (Upload-Offset, a refusal of the last PATCH in plain text; the upload client's own resume
// cases are in media-recorder/upload-asset.test.ts with fake-asset-uploads.ts), list with `q` and cursors,
// get, rename, poster frame, captions (edited or a file), frames as new pictures, delete (409 naming the published
// versions that use an asset). Files sit at content-addressed URLs; videos and posters are served by the test server
// (vitest.config.ts: the demo's welcome.mp4/jpg), captions here from the cues.
import { http, HttpResponse } from 'msw';
import type { MediaAssetFile, MediaAssetInfo, MediaAssetKind, MediaAssetRendition, TranscriptSegment } from '@reelback/shared';
import { worker } from './fake-api.js';

type Cue = Pick<TranscriptSegment, 'start' | 'end' | 'text'>;

interface Upload {
  assetId: string;
  length: number;
  bytes: Uint8Array;
}

const NO_CAPTIONS: MediaAssetInfo['captions'] = {
  status: 'none',
  source: null,
  machineMade: false,
  engine: null,
  language: null,
  segments: [],
  machineSegments: null,
  url: null,
  error: null,
  updatedAt: null,
};

const EXT: Partial<Record<MediaAssetRendition, string>> = { 'video-1280': 'mp4', 'video-640': 'mp4', audio: 'm4a', poster: 'jpg', 'image-1280': 'jpg', 'image-640': 'jpg', captions: 'vtt' };

const vttTime = (s: number) => {
  const ms = Math.round(s * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
};

export const toVtt = (cues: Cue[]) => `WEBVTT\n\n${cues.map((c) => `${vttTime(c.start)} --> ${vttTime(c.end)}\n${c.text}\n`).join('\n')}`;

/** Reads `HH:MM:SS.mmm --> …` cues (VTT or SRT commas), as the server's parser would for these tests' files. */
function parseCues(text: string): Cue[] {
  const time = (t: string) => t.replace(',', '.').split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
  return text
    .split(/\r?\n\r?\n/)
    .map((block) => /(\d[\d:.,]*)\s+-->\s+(\d[\d:.,]*)\r?\n([\s\S]*)/.exec(block))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ start: time(m[1]!), end: time(m[2]!), text: m[3]!.trim() }));
}

const problem = (status: number, code: string, message: string) => HttpResponse.json({ error: { code, message } }, { status });

export class FakeMediaLibrary {
  /** Largest upload (bytes) the tickets allow. */
  maxBytes = 5_000_000;
  /** Uploads whose content the server refuses at the last byte, by name: the plain-text reason. */
  readonly refuseContent = new Map<string, string>();
  /** While set, PATCHes wait for it before they are answered (an upload in progress, to cancel). */
  holdPatches: Promise<void> | null = null;
  /** Published versions using an asset: a delete is refused naming them. */
  readonly inUse = new Map<string, string[]>();
  readonly calls: string[] = [];
  readonly assets = new Map<string, MediaAssetInfo>();
  private readonly uploads = new Map<string, Upload>();
  private readonly vtt = new Map<string, string>();
  private serial = 0;
  private clock = Date.parse('2026-12-10T09:00:00.000Z');

  private nextId(): string {
    return `mda_test${String(++this.serial).padStart(16, '0')}`;
  }

  private file(id: string, rendition: MediaAssetRendition, width: number | null = null, height: number | null = null): MediaAssetFile {
    const hash = (++this.serial).toString(16).padStart(32, '0');
    return { rendition, contentType: 'application/octet-stream', sizeBytes: 1000, width, height, url: `/api/v1/media/${id}/${rendition}.${hash}.${EXT[rendition]}` };
  }

  private now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  /** An asset in the library, ready unless said otherwise, with the files of its kind. */
  add(name: string, kind: MediaAssetKind, patch: Partial<MediaAssetInfo> = {}): MediaAssetInfo {
    const id = patch.id ?? this.nextId();
    const at = this.now();
    const asset: MediaAssetInfo = {
      id,
      name,
      kind,
      status: 'ready',
      reason: null,
      sizeBytes: 123_456,
      durationSeconds: kind === 'image' ? null : 8.4,
      width: kind === 'audio' ? null : 1280,
      height: kind === 'audio' ? null : 720,
      posterAtSeconds: kind === 'video' ? 1 : null,
      files: [],
      captions: NO_CAPTIONS,
      createdAt: at,
      updatedAt: at,
      ...patch,
    };
    if ((patch.status ?? 'ready') === 'ready' && !patch.files) asset.files = this.filesOf(id, kind);
    this.assets.set(id, asset);
    return asset;
  }

  private filesOf(id: string, kind: MediaAssetKind): MediaAssetFile[] {
    if (kind === 'video') return [this.file(id, 'video-1280', 1280, 720), this.file(id, 'video-640', 640, 360), this.file(id, 'poster', 1280, 720)];
    if (kind === 'audio') return [this.file(id, 'audio')];
    return [this.file(id, 'image-1280', 1280, 720), this.file(id, 'image-640', 640, 360)];
  }

  /** Processing finished: the asset is ready (with its files), as the job would leave it. */
  finish(id: string, kind: MediaAssetKind = 'video', captions?: Cue[]): MediaAssetInfo {
    const asset = this.assets.get(id)!;
    const ready: MediaAssetInfo = { ...asset, kind, status: 'ready', durationSeconds: kind === 'image' ? null : 8.4, files: this.filesOf(id, kind), updatedAt: this.now() };
    this.assets.set(id, captions ? this.withCaptions(ready, captions, 'machine') : ready);
    return this.assets.get(id)!;
  }

  set(id: string, patch: Partial<MediaAssetInfo>): void {
    this.assets.set(id, { ...this.assets.get(id)!, ...patch, updatedAt: this.now() });
  }

  withCaptions(asset: MediaAssetInfo, cues: Cue[], source: 'machine' | 'edited' | 'uploaded'): MediaAssetInfo {
    const file = this.file(asset.id, 'captions');
    this.vtt.set(file.url, toVtt(cues));
    return {
      ...asset,
      files: [...asset.files.filter((f) => f.rendition !== 'captions'), file],
      captions: {
        status: 'ready',
        source,
        machineMade: source === 'machine',
        engine: 'whisper',
        language: 'en',
        segments: cues,
        machineSegments: source === 'machine' ? null : (asset.captions.machineSegments ?? (asset.captions.machineMade ? asset.captions.segments : null)),
        url: file.url,
        error: null,
        updatedAt: this.now(),
      },
    };
  }

  /** GETs of one asset so far (the watchers' looks). */
  gets(id: string): number {
    return this.calls.filter((c) => c === `GET ${id}`).length;
  }

  install(): this {
    const find = (params: Record<string, unknown>) => this.assets.get(String(params.assetId));
    const missing = (params: Record<string, unknown>) => problem(404, 'media-asset-not-found', `There is no media asset '${String(params.assetId)}'.`);
    const tus = { 'Tus-Resumable': '1.0.0' };
    worker.use(
      http.post('/api/v1/media-assets', async ({ request }) => {
        const body = (await request.json()) as { name?: string; sizeBytes?: number };
        this.calls.push(`ticket ${body.name}`);
        if (!body.name?.trim()) return problem(400, 'invalid-request', 'name: give the asset a name');
        if (body.sizeBytes !== undefined && body.sizeBytes > this.maxBytes) {
          return problem(413, 'media-too-large', `The file is ${Math.round(body.sizeBytes / 1_000_000)} MB, larger than the limit of ${Math.round(this.maxBytes / 1_000_000)} MB for prompt media.`);
        }
        const asset = this.add(body.name.trim(), 'video', { status: 'uploading', kind: null, sizeBytes: body.sizeBytes ?? null, durationSeconds: null, width: null, height: null, posterAtSeconds: null, files: [] });
        return HttpResponse.json({ assetId: asset.id, uploadUrl: '/api/v1/uploads', token: `token-${asset.id}`, maxBytes: this.maxBytes, expiresAt: '2026-12-11T09:00:00.000Z' }, { status: 201 });
      }),
      http.get('/api/v1/media-assets', ({ request }) => {
        const url = new URL(request.url);
        const words = (url.searchParams.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
        const limit = Number(url.searchParams.get('limit') ?? 50);
        const from = Number(url.searchParams.get('cursor') ?? 0);
        this.calls.push(`list q=${url.searchParams.get('q') ?? ''} cursor=${url.searchParams.get('cursor') ?? ''}`);
        const all = [...this.assets.values()].filter((a) => words.every((w) => a.name.toLowerCase().includes(w))).reverse();
        const page = all.slice(from, from + limit);
        return HttpResponse.json({ assets: page, nextCursor: from + limit < all.length ? String(from + limit) : null });
      }),
      http.get('/api/v1/media-assets/:assetId', ({ params }) => {
        this.calls.push(`GET ${String(params.assetId)}`);
        const asset = find(params);
        return asset ? HttpResponse.json(asset) : missing(params);
      }),
      http.patch('/api/v1/media-assets/:assetId', async ({ request, params }) => {
        const asset = find(params);
        if (!asset) return missing(params);
        const body = (await request.json()) as { name?: string; posterAtSeconds?: number };
        this.calls.push(`PATCH ${asset.id} ${JSON.stringify(body)}`);
        let next = asset;
        if (body.name !== undefined) next = { ...next, name: body.name.trim() };
        if (body.posterAtSeconds !== undefined) {
          if (asset.kind !== 'video' || asset.status !== 'ready') return problem(409, 'poster-needs-ready-video', 'A poster frame is chosen from a ready video.');
          if (asset.durationSeconds !== null && body.posterAtSeconds >= asset.durationSeconds) return problem(422, 'poster-outside-video', 'Choose a frame before its end.');
          next = { ...next, posterAtSeconds: body.posterAtSeconds, files: [...next.files.filter((f) => f.rendition !== 'poster'), this.file(asset.id, 'poster', 1280, 720)] };
        }
        this.assets.set(asset.id, { ...next, updatedAt: this.now() });
        return HttpResponse.json(this.assets.get(asset.id)!);
      }),
      http.delete('/api/v1/media-assets/:assetId', ({ params }) => {
        const asset = find(params);
        if (!asset) return missing(params);
        this.calls.push(`DELETE ${asset.id}`);
        const versions = this.inUse.get(asset.id);
        if (versions) {
          return problem(409, 'media-asset-in-use', `This asset is used by published flow version${versions.length > 1 ? 's' : ''} ${versions.join(', ')}: publish versions without it first.`);
        }
        this.assets.delete(asset.id);
        return new HttpResponse(null, { status: 204 });
      }),
      http.put('/api/v1/media-assets/:assetId/captions', async ({ request, params }) => {
        const asset = find(params);
        if (!asset) return missing(params);
        const body = (await request.json()) as { segments?: Cue[]; format?: 'vtt' | 'srt'; text?: string };
        this.calls.push(`PUT captions ${asset.id} ${body.segments ? 'segments' : body.format}`);
        if (asset.status !== 'ready') return problem(409, 'media-asset-not-ready', `This asset is ${asset.status}: captions can be set once it is ready.`);
        let cues: Cue[];
        if (body.segments) {
          cues = body.segments.map(({ start, end, text }) => ({ start, end, text }));
          const backwards = cues.findIndex((c) => c.end < c.start);
          if (backwards >= 0) return problem(422, 'captions-invalid', `Cue ${backwards + 1} ends (${cues[backwards]!.end} s) before it starts (${cues[backwards]!.start} s).`);
        } else {
          if (body.format === 'vtt' && !/^\uFEFF?WEBVTT/.test(body.text ?? '')) return problem(422, 'captions-invalid', 'This is not a WebVTT file: missing WEBVTT file header.');
          cues = parseCues(body.text ?? '');
          if (cues.length === 0) return problem(422, 'captions-invalid', 'The file has no cues.');
        }
        const next = this.withCaptions(asset, cues, body.segments && (asset.captions.machineMade || asset.captions.machineSegments) ? 'edited' : 'uploaded');
        this.assets.set(asset.id, next);
        return HttpResponse.json(next.captions);
      }),
      http.post('/api/v1/media-assets/:assetId/frames', async ({ request, params }) => {
        const video = find(params);
        if (!video) return missing(params);
        const { atSeconds } = (await request.json()) as { atSeconds: number };
        this.calls.push(`frame ${video.id} ${atSeconds}`);
        if (video.kind !== 'video' || video.status !== 'ready') return problem(409, 'frame-needs-ready-video', `A frame is taken from a ready video; this asset is ${video.kind} and ${video.status}.`);
        const still = this.add(`${video.name} — frame at ${atSeconds.toFixed(1)} s`, 'image');
        return HttpResponse.json(still, { status: 201 });
      }),
      http.get('/api/v1/media/:assetId/:file', ({ request }) => {
        const text = this.vtt.get(new URL(request.url).pathname);
        // Videos and pictures go through to the test server (real bytes, with Range).
        return text === undefined ? undefined : new HttpResponse(text, { headers: { 'Content-Type': 'text/vtt' } });
      }),
      // tus 1.0.0, as @tus/server answers behind the media library's hooks.
      http.post('/api/v1/uploads', ({ request }) => {
        const meta = Object.fromEntries(
          (request.headers.get('upload-metadata') ?? '').split(',').map((pair) => {
            const [key, value] = pair.trim().split(' ');
            return [key, value ? atob(value) : ''];
          }),
        );
        const assetId = meta.assetId ?? '';
        if (request.headers.get('authorization') !== `Bearer token-${assetId}`) return new HttpResponse('Upload refused: wrong token.\n', { status: 403, headers: tus });
        const length = Number(request.headers.get('upload-length'));
        this.uploads.set(assetId, { assetId, length, bytes: new Uint8Array(0) });
        this.calls.push(`tus create ${assetId} ${length}`);
        return new HttpResponse(null, { status: 201, headers: { ...tus, Location: `/api/v1/uploads/${assetId}` } });
      }),
      http.head('/api/v1/uploads/:assetId', ({ params }) => {
        const upload = this.uploads.get(String(params.assetId));
        this.calls.push(`tus head ${String(params.assetId)}`);
        if (!upload) return new HttpResponse(null, { status: 404, headers: tus });
        return new HttpResponse(null, { status: 200, headers: { ...tus, 'Upload-Offset': String(upload.bytes.length), 'Upload-Length': String(upload.length), 'Cache-Control': 'no-store' } });
      }),
      http.patch('/api/v1/uploads/:assetId', async ({ request, params }) => {
        const upload = this.uploads.get(String(params.assetId));
        if (!upload) return new HttpResponse('No such upload.\n', { status: 404, headers: tus });
        const offset = Number(request.headers.get('upload-offset'));
        const chunk = new Uint8Array(await request.arrayBuffer());
        if (this.holdPatches) await this.holdPatches;
        // Deleted meanwhile (a cancelled upload): its upload went with it.
        if (!this.assets.has(upload.assetId)) return new HttpResponse('No such upload.\n', { status: 404, headers: tus });
        if (offset !== upload.bytes.length) return new HttpResponse('Upload-Offset does not match.\n', { status: 409, headers: tus });
        upload.bytes = new Uint8Array([...upload.bytes, ...chunk]);
        const done = upload.bytes.length === upload.length;
        if (done) {
          const asset = this.assets.get(upload.assetId)!;
          const refusal = this.refuseContent.get(asset.name);
          if (refusal) {
            this.set(asset.id, { status: 'rejected', reason: refusal });
            return new HttpResponse(`This file cannot be used: ${refusal}.\n`, { status: 422, headers: tus });
          }
          this.set(asset.id, { status: 'processing', sizeBytes: upload.length });
        }
        return new HttpResponse(null, { status: 204, headers: { ...tus, 'Upload-Offset': String(upload.bytes.length) } });
      }),
    );
    return this;
  }
}
