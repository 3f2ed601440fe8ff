import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type FlowDefinitionInput, type MediaAssetInfo, uuidv7 } from '@reelback/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { JobQueue } from '../ports/job-queue.js';
import { ffmpeg, makeMp4, makePng, makeRecording, truncateCopy } from '../test-support/media-fixtures.js';
import { eventsFor } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { ADMIN_KEY, uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import { libraryClient, UploadRefused } from '../test-support/media-library-client.js';

const LIMIT = 3_000_000;

/** A flow whose first step plays `src` (a library file URL, as the studio will write until steps name an asset id). */
const flowWith = (src: string): FlowDefinitionInput => ({
  name: 'Uses a prompt video',
  steps: [
    { id: 'start', prompt: { title: 'Hi', video: { src } }, answer: { type: 'choice', options: [{ id: 'ok', label: 'OK', next: 'end' }] } },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
});

describe.each(storageFactories)('media library guards on $name', (factory) => {
  const t = useTestApp(factory, { library: { maxUploadBytes: LIMIT } });
  const lib = libraryClient(t);
  let kept: MediaAssetInfo;
  const files: Record<string, Uint8Array> = {};

  /** The tus endpoint's refusal of an upload (at its last byte, or at creation for a declared size), and the asset it leaves. */
  async function refused(name: string): Promise<{ error: UploadRefused; asset: MediaAssetInfo }> {
    const before = (await t.storage.mediaAssets.list({ workspaceId: null }, { words: [], limit: 1 }))[0]?.id;
    const error = await lib.upload(name, files[name]!).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, `${name} was accepted at the last byte`).toBeInstanceOf(UploadRefused);
    const [latest] = await t.storage.mediaAssets.list({ workspaceId: null }, { words: [], limit: 1 });
    expect(latest?.id).not.toBe(before);
    return { error: error as UploadRefused, asset: await lib.get(latest!.id) };
  }

  beforeAll(async () => {
    const dir = t.media.dir;
    await mkdir(dir, { recursive: true });
    const mp4 = await makeMp4(join(dir, 'prompt.mp4'), { seconds: 2, size: '320x240' });
    const webm = await makeRecording(join(dir, 'take.webm'), { seconds: 3, codec: 'vp8' });
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=5000x64:r=1:d=1', '-frames:v', '1', '-c:v', 'libx264', '-preset', 'ultrafast', join(dir, 'wide.mp4')]);
    await ffmpeg(['-f', 'lavfi', '-i', 'color=c=red:s=9000x16:d=1', '-frames:v', '1', '-c:v', 'png', '-f', 'image2', '-update', '1', join(dir, 'banner.png')]);
    Object.assign(files, {
      prompt: await readFile(mp4),
      text: Buffer.from('Dear owner,\nthis is a letter, not a video.\n'.repeat(40)),
      empty: new Uint8Array(0),
      'cut mp4': await readFile(await truncateCopy(mp4, join(dir, 'cut.mp4'), { fraction: 0.6 })),
      'cut webm': await readFile(await truncateCopy(webm, join(dir, 'cut.webm'), { fraction: 0.5 })),
      'wide video': await readFile(join(dir, 'wide.mp4')),
      'wide picture': await readFile(join(dir, 'banner.png')),
      'too big': new Uint8Array(LIMIT + 1),
      still: await readFile(await makePng(join(dir, 'still.png'))),
    });
    await t.media.media.queue.start();
    kept = await lib.settled(await lib.upload('Kept', files.prompt!));
    expect(kept.status, kept.reason ?? '').toBe('ready');
  }, 120_000);

  it.each([
    ['text', 422, 'not a video, sound or picture in a supported format'],
    ['empty', 422, 'the file is empty'],
    ['cut mp4', 422, 'damaged or cut short'],
    ['wide video', 422, 'the video is 5000×64 pixels, larger than the 4096-pixel limit'],
    ['wide picture', 422, 'the picture is 9000×16 pixels, larger than the 8192-pixel limit'],
    ['too big', 413, 'larger than the limit of 3 MB'],
  ] as const)('refuses a %s upload at its last byte with a %d naming the problem', async (name, status, words) => {
    const { error, asset } = await refused(name);
    expect(error.status, error.message).toBe(status);
    expect(error.message).toContain(words);
    expect(asset).toMatchObject({ status: 'rejected', files: [] });
    expect(asset.reason).toContain(words);
    // Its bytes are gone; what was saved before is untouched.
    await expect(stat(join(t.media.media.uploadsDir, asset.id))).rejects.toThrow();
    expect((await lib.fetchFile(kept.files[0]!.url)).status).toBe(200);
  });

  it('rejects a file cut inside its streams once the full decode finds it, saying why', async () => {
    const id = await lib.upload('Cut webm', files['cut webm']!);
    const asset = await lib.settled(id);
    expect(asset).toMatchObject({ status: 'rejected', files: [] });
    expect(asset.reason).toMatch(/damaged or cut short/);
    expect(await t.media.media.blobs.stat(`media-library/${id}/original`)).toBeUndefined();
  }, 120_000);

  it('refuses a declared size over the limit before any byte, and saves nothing', async () => {
    const res = await t.request('POST', '/api/v1/media-assets', { owner: true, body: { name: 'Huge', sizeBytes: 5_000_000_000 } });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ code: 'media-too-large', message: 'The file is 5 GB, larger than the limit of 3 MB for prompt media.' });
    expect((await t.request('GET', '/api/v1/media-assets?q=huge', { owner: true }).then((r) => r.json())).assets).toEqual([]);
    expect((await t.request('POST', '/api/v1/media-assets', { owner: true, body: { name: '' } })).status).toBe(400);
  });

  it('checks the upload token like the tus hooks do: missing, forged, another asset', async () => {
    const a = await lib.ticket('A');
    const b = await lib.ticket('B');
    const uploads = t.reelback.services.mediaUploads;
    await expect(uploads.authorizeUpload(undefined, a.assetId)).rejects.toMatchObject({ kind: 'forbidden', code: 'upload-token-missing' });
    await expect(uploads.authorizeUpload(`${a.token.slice(0, -2)}xx`, a.assetId)).rejects.toMatchObject({ code: 'upload-token-invalid' });
    await expect(uploads.authorizeUpload(b.token, a.assetId)).rejects.toMatchObject({ code: 'upload-token-mismatch' });
    // A clip's token (another key) is no asset's.
    const clipToken = t.reelback.services.clips['deps'].tokens.issue({ clipId: a.assetId, expiresAt: new Date(Date.now() + 60_000) });
    await expect(uploads.authorizeUpload(clipToken, a.assetId)).rejects.toMatchObject({ code: 'upload-token-invalid' });
    expect(await uploads.authorizeUpload(a.token, a.assetId)).toMatchObject({ id: a.assetId, status: 'uploading' });
  });

  it('refuses to delete an asset a published version uses, naming the versions; deletes it once none does', async () => {
    const asset = await lib.settled(await lib.upload('In use', files.prompt!));
    const src = asset.files.find((f) => f.rendition === 'video-1280')!.url;
    const flowId = uniqueFlowId('uses-asset');
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: flowWith(src) } })).status).toBe(201);
    // A draft alone does not hold it.
    const unpublished = uniqueFlowId('draft-only');
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: unpublished, definition: flowWith(src) } })).status).toBe(201);
    for (let i = 0; i < 2; i++) expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);

    const used = await t.request('GET', `/api/v1/flows/${flowId}/media-assets`, { owner: true });
    expect(((await used.json()) as { assets: MediaAssetInfo[] }).assets.map((a) => a.id)).toEqual([asset.id]);

    const refusedDelete = await t.request('DELETE', `/api/v1/media-assets/${asset.id}`, { owner: true });
    expect(refusedDelete.status).toBe(409);
    const body = (await refusedDelete.json()) as { error: { code: string; message: string; issues: { path: unknown[] }[] } };
    expect(body.error.code).toBe('media-asset-in-use');
    expect(body.error.message).toBe(`This asset is used by published flow versions ${flowId} v1, ${flowId} v2: publish versions without it first.`);
    expect(body.error.issues.map((i) => i.path)).toEqual([
      ['flows', flowId, 'versions', 1],
      ['flows', flowId, 'versions', 2],
    ]);
    expect((await lib.fetchFile(src)).status).toBe(200);

    const unused = await lib.settled(await lib.upload('Unused', files.still!));
    expect((await t.request('DELETE', `/api/v1/media-assets/${unused.id}`, { owner: true })).status).toBe(204);
    expect((await t.request('GET', `/api/v1/media-assets/${unused.id}`, { owner: true })).status).toBe(404);
    expect((await lib.fetchFile(unused.files[0]!.url)).status).toBe(404);
    expect(await t.media.media.blobs.stat(unused.files[0]!.url.replace('/api/v1/media/', 'media-library/'))).toBeUndefined();
    expect((await t.request('DELETE', `/api/v1/media-assets/${unused.id}`, { owner: true })).status).toBe(404);
  }, 120_000);

  it("stays outside viewers' data: erasing a viewer of a flow that plays it leaves it whole", async () => {
    const src = kept.files.find((f) => f.rendition === 'video-1280')!.url;
    const flowId = uniqueFlowId('erase');
    await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: flowWith(src) } });
    await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true });
    const sessionId = uuidv7();
    expect((await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } })).status).toBe(201);
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    await t.request('POST', '/api/v1/events', { body: { events: [e.started(), e.viewed('start')] } });
    expect((await t.request('DELETE', `/api/v1/sessions/${sessionId}`, { owner: true })).status).toBe(200);
    expect((await t.request('POST', '/api/v1/privacy/erase', { owner: true, body: { email: 'anyone@example.org' } })).status).toBe(200);
    expect(await lib.get(kept.id)).toEqual(kept);
    for (const file of kept.files) expect((await lib.fetchFile(file.url)).status).toBe(200);
  });

  it('survives a restart: a new app on the same storage serves the library, and finishes uploads the old one left', async () => {
    // An upload whose last byte arrived just before the process died, before its job was queued.
    const stranded = await lib.ticket('Stranded', files.prompt!.length);
    await writeFile(join(t.media.media.uploadsDir, stranded.assetId), files.prompt!);
    // The new process's queue: its jobs land in the same durable queue, which this test's worker runs.
    const real = t.media.media.queue;
    const queue: JobQueue = { enqueue: (...args) => real.enqueue(...args), work: () => undefined, start: async () => undefined, stop: async () => undefined, status: (id) => real.status(id), cancel: (id) => real.cancel(id) };
    const restarted = createApp({ storage: t.storage, adminKey: ADMIN_KEY, media: { ...t.media.media, queue } });
    const res = await restarted.app.request(`/api/v1/media-assets/${kept.id}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(await res.json()).toEqual(kept);
    expect((await restarted.app.request(kept.files[0]!.url)).status).toBe(200);
    expect(await restarted.services.mediaUploads.requeueFinishedUploads(async (id) => id === stranded.assetId)).toBe(1);
    expect(await lib.settled(stranded.assetId)).toMatchObject({ status: 'ready', kind: 'video' });
  }, 120_000);
});
