import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaAssetInfo, MediaAssetList } from '@reelback/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffmpeg, makePng } from '../test-support/media-fixtures.js';
import { ownerSessions } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp } from '../test-support/test-app.js';
import { libraryClient } from '../test-support/media-library-client.js';

describe.each(storageFactories)('frames of library videos on $name', (factory) => {
  const t = useTestApp(factory);
  const lib = libraryClient(t);
  let video: MediaAssetInfo;
  let picture: MediaAssetInfo;

  const frame = (id: string, body: unknown) => t.request('POST', `/api/v1/media-assets/${id}/frames`, { owner: true, body });
  const count = async () => ((await (await t.request('GET', '/api/v1/media-assets', { owner: true })).json()) as MediaAssetList).assets.length;

  /** The average colour of a served JPEG, as [r, g, b] (ffmpeg scales it to one pixel). */
  async function colourOf(url: string): Promise<number[]> {
    const res = await lib.fetchFile(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const path = join(t.media.dir, `still-${Date.now()}.jpg`);
    await writeFile(path, Buffer.from(await res.arrayBuffer()));
    return [...(await ffmpeg(['-i', path, '-vf', 'scale=1:1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']))];
  }

  beforeAll(async () => {
    await t.media.media.queue.start();
    // Red for a second, then blue for a second: which frame was taken shows in its colour.
    const mp4 = join(t.media.dir, 'red-then-blue.mp4');
    await ffmpeg([
      '-f', 'lavfi', '-i', 'color=c=red:s=320x240:r=15:d=1', '-f', 'lavfi', '-i', 'color=c=blue:s=320x240:r=15:d=1',
      '-filter_complex', '[0:v][1:v]concat=n=2:v=1:a=0', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', mp4,
    ]);
    video = await lib.settled(await lib.upload('Red then blue', await readFile(mp4)));
    expect(video.status, video.reason ?? '').toBe('ready');
    picture = await lib.settled(await lib.upload('Still', await readFile(await makePng(join(t.media.dir, 'still.png')))));
    expect(picture.status, picture.reason ?? '').toBe('ready');
  }, 120_000);

  it('makes the frame at the time asked into a ready image asset in two sizes; the video is unchanged', async () => {
    const res = await frame(video.id, { atSeconds: 1.5 });
    expect(res.status, await res.clone().text()).toBe(201);
    const still = (await res.json()) as MediaAssetInfo;
    expect(still).toMatchObject({ name: 'Red then blue — frame at 1.5 s', kind: 'image', status: 'ready', reason: null, width: 320, height: 240, durationSeconds: null });
    expect(still.id).not.toBe(video.id);
    expect(still.files.map((f) => [f.rendition, f.width, f.height])).toEqual([
      ['image-1280', 320, 240],
      ['image-640', 320, 240],
    ]);
    expect(still.files[1]!.url).toMatch(new RegExp(`^/api/v1/media/${still.id}/image-640\\.[0-9a-f]{32}\\.jpg$`));
    const [r, , b] = await colourOf(still.files[1]!.url);
    expect(b, 'a frame of the blue second').toBeGreaterThan(200);
    expect(r).toBeLessThan(60);
    expect(await lib.get(still.id)).toEqual(still);
    expect(await lib.get(video.id)).toEqual(video);

    const early = (await (await frame(video.id, { atSeconds: 0.2, name: 'Avatar' })).json()) as MediaAssetInfo;
    expect(early.name).toBe('Avatar');
    const [r2, , b2] = await colourOf(early.files[0]!.url);
    expect(r2, 'a frame of the red second').toBeGreaterThan(200);
    expect(b2).toBeLessThan(60);
  }, 60_000);

  it('refuses a time past the end, a picture, a bad body or a missing asset, making nothing', async () => {
    const before = await count();
    const past = await frame(video.id, { atSeconds: 2.5 });
    expect(past.status).toBe(422);
    expect((await past.json()).error).toMatchObject({ code: 'frame-outside-video', message: 'The video is 2.0 s long: choose a frame before its end.' });
    const still = await frame(picture.id, { atSeconds: 0 });
    expect(still.status).toBe(409);
    expect((await still.json()).error).toMatchObject({ code: 'frame-needs-ready-video', message: 'A frame is taken from a ready video; this asset is image and ready.' });
    const busy = await lib.ticket('Not uploaded yet');
    expect((await frame(busy.assetId, { atSeconds: 0 })).status).toBe(409);
    for (const body of [{}, { atSeconds: -1 }, { atSeconds: 'one' }, { atSeconds: 1, name: ' ' }]) {
      const bad = await frame(video.id, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect((await bad.json()).error.code).toBe('invalid-request');
    }
    expect((await frame('mda_nosuchasset000000000', { atSeconds: 0 })).status).toBe(404);
    // The not-uploaded ticket is the one new asset.
    expect(await count()).toBe(before + 1);
  });

  // Last: the bootstrap moves the admin key into a workspace of its own.
  it('lets owners make frames and not managers', async () => {
    const sessions = ownerSessions(t);
    const admin = await sessions.bootstrap('ada@example.org');
    const manager = await sessions.join(admin, 'max@example.org', 'manager');
    const owner = await sessions.join(admin, 'olga@example.org', 'owner');
    // The admin key now works in the new workspace: a video of its own there.
    const theirs = await lib.settled(await lib.upload('Theirs', await readFile(join(t.media.dir, 'red-then-blue.mp4'))));
    expect(theirs.status, theirs.reason ?? '').toBe('ready');
    await sessions.expectStatus(sessions.as(owner, 'POST', `/api/v1/media-assets/${video.id}/frames`, { atSeconds: 0.5 }), 404);
    const path = `/api/v1/media-assets/${theirs.id}/frames`;
    await sessions.expectStatus(sessions.as(manager, 'POST', path, { atSeconds: 0.5 }), 403);
    await sessions.expectStatus(sessions.as(owner, 'POST', path, { atSeconds: 0.5 }), 201);
  }, 60_000);
});
