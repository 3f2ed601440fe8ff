import { open, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FlowBundleManifest } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

const GB = 1_000_000_000;
const MB = 1024 * 1024;
const ASSET = 'mda_streamingvideo0000000';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** How many of this process's file descriptors have the blob open (Linux's /proc). */
async function openCount(fragment: string): Promise<number> {
  const fds = await readdir('/proc/self/fd');
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target.includes(fragment)).length;
}

/** The name in a tar header block. */
const headerName = (block: Uint8Array) => Buffer.from(block.subarray(0, 100)).toString('latin1').replace(/\0.*$/s, '');

// SQLite only: what is measured is the archive writer's memory, which does not depend on the engine.
describe.each(storageFactories.filter((f) => f.name === 'sqlite'))('a flow bundle with a 1 GB video, on $name', (factory) => {
  const t = useTestApp(factory);
  const flowId = uniqueFlowId('big');

  /** A ready asset whose largest rendition is a 1 GB file (sparse: no disk is used, and no media check runs on export). */
  async function bigAsset(): Promise<void> {
    const path = join(t.media.dir, 'big.mp4');
    const file = await open(path, 'w');
    await file.truncate(GB);
    await file.close();
    const key = `media-library/${ASSET}/video-1280.${'0'.repeat(32)}.mp4`;
    await t.media.media.blobs.putFile(key, path);
    const at = new Date().toISOString();
    await t.storage.mediaAssets.insert({
      id: ASSET,
      workspaceId: null,
      name: 'A long talk',
      kind: 'video',
      status: 'ready',
      reason: null,
      sizeBytes: GB,
      durationSeconds: 1800,
      width: 1280,
      height: 720,
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      posterAtSeconds: 1,
      files: [{ rendition: 'video-1280', key, contentType: 'video/mp4', sizeBytes: GB, width: 1280, height: 720 }],
      captions: { status: 'none', file: null, source: null, engine: null, model: null, language: null, segments: [], machineSegments: null, error: null, updatedAt: null },
      createdAt: at,
      updatedAt: at,
    });
    const definition = { name: 'Big', steps: [{ id: 'talk', prompt: { media: { assetId: ASSET } }, answer: { type: 'end' } }] };
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition } })).status).toBe(201);
  }

  it('streams: the manifest arrives before the video is read, and live memory grows less than 60 MB while 1 GB goes out', { timeout: 180_000 }, async () => {
    await bigAsset();
    const res = await t.request('GET', `/api/v1/flows/${flowId}/bundle`, { owner: true });
    expect(res.status, await res.clone().text().catch(() => '')).toBe(200);
    const length = Number(res.headers.get('content-length'));
    expect(length).toBeGreaterThan(GB);
    const reader = res.body!.getReader();

    // The first bytes are the manifest's header and content, with a gigabyte still to come.
    let head = new Uint8Array(0);
    while (head.length < 1024) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the archive ended within its first kilobyte');
      head = new Uint8Array([...head, ...value]);
    }
    expect(headerName(head)).toBe('manifest.json');
    const manifestSize = Number.parseInt(Buffer.from(head.subarray(124, 136)).toString('latin1').trim(), 8);
    let received = head.length;
    const chunks: Uint8Array[] = [head];
    while (received < 512 + manifestSize) {
      const { value } = await reader.read();
      chunks.push(value!);
      received += value!.length;
    }
    const manifest = FlowBundleManifest.parse(JSON.parse(Buffer.concat(chunks).subarray(512, 512 + manifestSize).toString()));
    expect(manifest.source.flowId).toBe(flowId);
    expect(received, 'read before the video was').toBeLessThan(10 * MB);

    gc();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakHeap = base.heapUsed;
    let reads = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      received += value.length;
      if (++reads % 200 === 0) {
        gc();
        const now = process.memoryUsage();
        peakRss = Math.max(peakRss, now.rss);
        peakHeap = Math.max(peakHeap, now.heapUsed);
      }
    }
    expect(received, 'the whole archive, as Content-Length said').toBe(length);
    const rssGrowth = (peakRss - base.rss) / MB;
    const heapGrowth = (peakHeap - base.heapUsed) / MB;
    console.log(`flow bundle of ${(length / GB).toFixed(2)} GB: RSS +${rssGrowth.toFixed(1)} MB, heap +${heapGrowth.toFixed(1)} MB at peak`);
    expect(rssGrowth).toBeLessThan(60);
    expect(heapGrowth).toBeLessThan(60);
    expect(t.errors).toEqual([]);
  });

  it('closes the file when the client goes away, reporting nothing', async () => {
    const res = await t.request('GET', `/api/v1/flows/${flowId}/bundle`, { owner: true });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let received = 0;
    while (received < 5 * MB) received += (await reader.read()).value!.length;
    expect(await openCount(ASSET), 'the video is open while it is sent').toBe(1);
    await reader.cancel();
    const deadline = Date.now() + 5000;
    while ((await openCount(ASSET)) > 0) {
      if (Date.now() > deadline) throw new Error('the video file was still open 5 s after the client went away');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(t.errors).toEqual([]);
  });
});
