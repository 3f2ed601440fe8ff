import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../api/api-client.js';
import { OWNER, startWorker } from '../../test-support/fake-api.js';
import { FakeAssetUploads } from '../../test-support/fake-asset-uploads.js';
import { uploadAsset, UploadRefused, type UploadProgress } from './upload-asset.js';

let server: FakeAssetUploads;
let api: ApiClient;

beforeAll(() => startWorker());
beforeEach(() => {
  server = new FakeAssetUploads().install();
  api = new ApiClient();
  api.csrfToken = OWNER.csrfToken;
});

/** A file of `size` bytes whose every byte says where it is (so a misplaced chunk shows). */
function file(size: number, type = 'video/webm'): Blob {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return new Blob([bytes], { type });
}

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const patches = () => server.requests.filter((r) => r.method === 'PATCH');

describe('uploadAsset', () => {
  it('asks for a ticket with the name, size and type, sends the file in chunks and resolves with the asset', async () => {
    const take = file(300_000);
    const progress: UploadProgress[] = [];
    const asset = await uploadAsset(take, { api, name: 'Welcome take', chunkSize: 100_000, onProgress: (p) => progress.push(p) });

    const [stored] = [...server.assets.values()];
    expect(stored!.request).toEqual({ name: 'Welcome take', sizeBytes: 300_000, mimeType: 'video/webm' });
    expect(asset).toMatchObject({ id: stored!.ticket.assetId, name: 'Welcome take', status: 'processing', sizeBytes: 300_000 });
    expect(server.bytes(asset.id)).toEqual(await bytesOf(take));
    expect(patches().map((r) => [r.offset, r.size])).toEqual([
      [0, 100_000],
      [100_000, 100_000],
      [200_000, 100_000],
    ]);
    expect(progress.at(-1)).toEqual({ bytesSent: 300_000, bytesTotal: 300_000, waiting: false });
    expect(server.withoutCsrf).toEqual([]);
    // A new upload is created straight away: no HEAD for an upload the server cannot have yet (a 404 in the console).
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'PATCH', 'PATCH', 'PATCH']);
  });

  it('survives a dropped connection: waits, then goes on from the offset the server kept (HEAD)', async () => {
    const take = file(250_000);
    server.patchFailures.push('cut', 'network', 'network');
    const progress: UploadProgress[] = [];
    const asset = await uploadAsset(take, { api, name: 'Flaky', chunkSize: 100_000, retryDelays: [], pauseMs: 30, onProgress: (p) => progress.push(p) });

    expect(server.bytes(asset.id)).toEqual(await bytesOf(take));
    expect(progress.some((p) => p.waiting)).toBe(true);
    expect(progress.at(-1)!.waiting).toBe(false);
    // The cut kept half of the first chunk: the restart asked where the server stood and sent from there.
    const heads = server.requests.filter((r) => r.method === 'HEAD');
    expect(heads.map((r) => r.offset)).toContain(50_000);
    expect(patches().filter((r) => r.offset === 50_000).length).toBeGreaterThan(0);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it("rejects with the server's reason when it refuses the file, without retrying", async () => {
    server.refuseLast = { status: 422, message: 'This file cannot be used: it is not audio, video or a picture.' };
    const error = await uploadAsset(file(1000), { api, name: 'Junk', pauseMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadRefused);
    expect(error).toMatchObject({ status: 422, message: 'This file cannot be used: it is not audio, video or a picture.' });
    expect(patches()).toHaveLength(1);
  });

  it('cancels: stops sending, deletes the half-sent asset and rejects with an AbortError', async () => {
    let release!: () => void;
    server.holdPatches = new Promise((resolve) => (release = resolve));
    const controller = new AbortController();
    const done = uploadAsset(file(300_000), { api, name: 'Cancelled', chunkSize: 100_000, signal: controller.signal }).catch((e: unknown) => e);
    await expect.poll(() => patches().length).toBe(1);
    controller.abort();
    const error = await done;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    const [asset] = [...server.assets.values()];
    expect(asset!.deleted).toBe(true);
    expect(server.requests.at(-1)).toMatchObject({ method: 'DELETE', assetId: asset!.ticket.assetId });
    server.holdPatches = null;
    release();
    // Nothing more is sent once cancelled.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(patches()).toHaveLength(1);
    expect(server.withoutCsrf).toEqual([]);
  });
});
