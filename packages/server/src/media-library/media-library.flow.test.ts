import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaAssetCaptions, MediaAssetInfo, MediaAssetList } from '@reelback/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffmpeg, ffprobeFacts, makeMp4, makePng, topLevelBoxes } from '../test-support/media-fixtures.js';
import { ownerSessions } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp } from '../test-support/test-app.js';
import { PocketsphinxTranscriber } from '../transcription/pocketsphinx/pocketsphinx-transcriber.js';
import { libraryClient, spokenVideo } from '../test-support/media-library-client.js';

const SENTENCE = 'welcome to acme boards';

describe.each(storageFactories)('media library on $name', (factory) => {
  const t = useTestApp(factory, { transcriber: new PocketsphinxTranscriber({ phrases: [SENTENCE, 'please add a dark mode'] }) });
  const lib = libraryClient(t);
  let video: MediaAssetInfo;

  const fileOf = (asset: MediaAssetInfo, rendition: string) => {
    const file = asset.files.find((f) => f.rendition === rendition);
    if (!file) throw new Error(`asset ${asset.id} has no ${rendition}: ${JSON.stringify(asset.files)}`);
    return file;
  };

  /** Writes a served file to disk, for ffprobe's independent look. */
  async function saved(url: string, name: string): Promise<string> {
    const res = await lib.fetchFile(url);
    expect(res.status).toBe(200);
    const path = join(t.media.dir, name);
    await writeFile(path, Buffer.from(await res.arrayBuffer()));
    return path;
  }

  beforeAll(async () => {
    await t.media.media.queue.start();
    const mp4 = await spokenVideo(t.media.dir, 'welcome', SENTENCE, '1600x900');
    const id = await lib.upload('Welcome video', await readFile(mp4));
    const settled = await lib.settled(id);
    expect(settled.status, settled.reason ?? '').toBe('ready');
    video = await lib.captioned(id);
  }, 180_000);

  it('makes two H.264/AAC faststart renditions, a poster and the facts of a video', async () => {
    expect(video).toMatchObject({ name: 'Welcome video', kind: 'video', status: 'ready', reason: null, width: 1280, height: 720 });
    expect(video.durationSeconds).toBeGreaterThan(1);
    expect(video.posterAtSeconds).toBe(1);
    expect(video.files.map((f) => f.rendition).sort()).toEqual(['captions', 'poster', 'video-1280', 'video-640']);
    expect(fileOf(video, 'video-640')).toMatchObject({ width: 640, height: 360, contentType: 'video/mp4' });
    expect(fileOf(video, 'poster')).toMatchObject({ width: 1280, height: 720, contentType: 'image/jpeg' });
    for (const rendition of ['video-1280', 'video-640']) {
      const path = await saved(fileOf(video, rendition).url, `${rendition}.mp4`);
      const facts = await ffprobeFacts(path);
      expect(facts.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort()).toEqual(['audio:aac', 'video:h264']);
      expect(facts.streams.find((s) => s.codec_type === 'video')?.pix_fmt).toBe('yuv420p');
      const boxes = await topLevelBoxes(path);
      expect(boxes.indexOf('moov'), `faststart: moov before mdat in ${boxes.join(',')}`).toBeLessThan(boxes.indexOf('mdat'));
    }
  });

  it('captions it with the transcription engine, marked as machine made', () => {
    expect(video.captions).toMatchObject({ status: 'ready', source: 'machine', machineMade: true, engine: 'pocketsphinx', error: null });
    expect(video.captions.segments.map((s) => s.text).join(' ')).toBe(SENTENCE);
    expect(video.captions.url).toBe(fileOf(video, 'captions').url);
  });

  it('serves files at content-addressed URLs to any origin, immutable, with Range, without credentials', async () => {
    const url = fileOf(video, 'video-1280').url;
    expect(url).toMatch(new RegExp(`^/api/v1/media/${video.id}/video-1280\\.[0-9a-f]{32}\\.mp4$`));
    const whole = await lib.fetchFile(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(whole.headers.get('access-control-allow-origin')).toBe('*');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect((await whole.arrayBuffer()).byteLength).toBe(fileOf(video, 'video-1280').sizeBytes);
    const part = await lib.fetchFile(url, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${fileOf(video, 'video-1280').sizeBytes}`);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    expect((await lib.fetchFile(url, { 'if-none-match': whole.headers.get('etag')! })).status).toBe(304);

    const vtt = await lib.fetchFile(video.captions.url!);
    expect(vtt.headers.get('content-type')).toBe('text/vtt');
    expect(await vtt.text()).toContain(SENTENCE);
    // Not a file of this asset, or not one of its served files (the original, the WAV): 404, whoever asks.
    expect((await lib.fetchFile(url.replace(/\.[0-9a-f]{32}\./, `.${'0'.repeat(32)}.`))).status).toBe(404);
    expect((await lib.fetchFile(`/api/v1/media/${video.id}/captions-source.wav`)).status).toBe(404);
    expect((await lib.fetchFile(`/api/v1/media/${video.id}/original`)).status).toBe(404);
  });

  it('takes the poster from the frame an owner chooses, at a new URL, keeping the old one', async () => {
    const before = fileOf(video, 'poster').url;
    const res = await t.request('PATCH', `/api/v1/media-assets/${video.id}`, { owner: true, body: { posterAtSeconds: 1.5 } });
    expect(res.status, await res.clone().text()).toBe(200);
    const after = (await res.json()) as MediaAssetInfo;
    expect(after.posterAtSeconds).toBe(1.5);
    expect(fileOf(after, 'poster').url).not.toBe(before);
    expect((await lib.fetchFile(fileOf(after, 'poster').url)).headers.get('content-type')).toBe('image/jpeg');
    expect((await lib.fetchFile(before)).status).toBe(200);

    const past = await t.request('PATCH', `/api/v1/media-assets/${video.id}`, { owner: true, body: { posterAtSeconds: 600 } });
    expect(past.status).toBe(422);
    expect((await past.json()).error.message).toMatch(/choose a frame before its end/);
    expect((await t.request('PATCH', `/api/v1/media-assets/${video.id}`, { owner: true, body: {} })).status).toBe(400);
  }, 120_000);

  it('lets an owner edit the captions or upload a .vtt/.srt; the widget gets the edited one, the machine one is kept', async () => {
    const put = (body: unknown) => t.request('PUT', `/api/v1/media-assets/${video.id}/captions`, { owner: true, body });
    const edited = await put({ segments: [{ start: 0, end: 1.5, text: 'Welcome to <Acme> Boards' }] });
    expect(edited.status, await edited.clone().text()).toBe(200);
    const captions = (await edited.json()) as MediaAssetCaptions;
    expect(captions).toMatchObject({ status: 'ready', source: 'edited', machineMade: false });
    expect(captions.machineSegments?.map((s) => s.text).join(' ')).toBe(SENTENCE);
    expect(captions.url).not.toBe(video.captions.url);
    expect(await (await lib.fetchFile(captions.url!)).text()).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nWelcome to &lt;Acme&gt; Boards\n');
    expect((await lib.get(video.id)).captions.url).toBe(captions.url);

    const srt = await put({ format: 'srt', text: '1\n00:00:00,200 --> 00:00:01,000\nHello from SRT\n\n2\n00:00:01,000 --> 00:00:02,000\nSecond cue\n' });
    expect(srt.status, await srt.clone().text()).toBe(200);
    expect(await srt.json()).toMatchObject({ source: 'uploaded', segments: [{ start: 0.2, end: 1, text: 'Hello from SRT' }, { text: 'Second cue' }] });
    const vtt = await put({ format: 'vtt', text: 'WEBVTT\n\n00:00.500 --> 00:01.000\n<b>Bold</b> words\n' });
    expect(await vtt.json()).toMatchObject({ source: 'uploaded', segments: [{ start: 0.5, end: 1, text: 'Bold words' }] });

    const notVtt = await put({ format: 'vtt', text: 'this is a letter, not captions' });
    expect(notVtt.status).toBe(422);
    expect((await notVtt.json()).error).toMatchObject({ code: 'captions-invalid', message: expect.stringMatching(/not a WebVTT file: missing WEBVTT file header/) });
    const backwards = await put({ segments: [{ start: 2, end: 1, text: 'x' }] });
    expect(backwards.status).toBe(422);
    expect((await backwards.json()).error.message).toMatch(/Cue 1 ends \(1 s\) before it starts \(2 s\)/);
    expect((await put({ format: 'srt', text: 'no cues at all' })).status).toBe(422);
    // Refusals changed nothing.
    expect((await lib.get(video.id)).captions.segments.map((s) => s.text)).toEqual(['Bold words']);
  }, 120_000);

  it('takes sound and pictures too, by their content', async () => {
    const dir = t.media.dir;
    const mp3 = join(dir, 'jingle.mp3');
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=f=440:sample_rate=44100:d=2', '-c:a', 'libmp3lame', '-f', 'mp3', mp3]);
    const png = join(dir, 'big-still.png');
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=2000x1000:r=1:d=1', '-frames:v', '1', '-c:v', 'png', '-f', 'image2', '-update', '1', png]);
    const sound = await lib.settled(await lib.upload('Jingle', await readFile(mp3)));
    expect(sound).toMatchObject({ kind: 'audio', status: 'ready', width: null, height: null });
    expect(sound.files.map((f) => [f.rendition, f.contentType])).toEqual([['audio', 'audio/mp4']]);
    const picture = await lib.settled(await lib.upload('Hero still', await readFile(png)));
    expect(picture).toMatchObject({ kind: 'image', status: 'ready', width: 1280, height: 640, durationSeconds: null, captions: { status: 'none' } });
    expect(picture.files.map((f) => [f.rendition, f.width, f.height])).toEqual([
      ['image-1280', 1280, 640],
      ['image-640', 640, 320],
    ]);
    const small = await makePng(join(dir, 'small.png'));
    expect((await lib.settled(await lib.upload('Small', await readFile(small)))).files.map((f) => [f.rendition, f.width])).toEqual([
      ['image-1280', 64],
      ['image-640', 64],
    ]);
    const noCaptions = await t.request('PUT', `/api/v1/media-assets/${picture.id}/captions`, { owner: true, body: { segments: [] } });
    expect(noCaptions.status).toBe(422);
  }, 120_000);

  it('fits a portrait video by its longest side and never enlarges a small one', async () => {
    const portrait = await makeMp4(join(t.media.dir, 'portrait.mp4'), { seconds: 1, size: '480x960', audio: false });
    const asset = await lib.settled(await lib.upload('Portrait', await readFile(portrait)));
    expect(asset).toMatchObject({ status: 'ready', width: 480, height: 960, captions: { status: 'none' } });
    expect(asset.files.filter((f) => f.rendition.startsWith('video')).map((f) => [f.rendition, f.width, f.height])).toEqual([
      ['video-1280', 480, 960],
      ['video-640', 320, 640],
    ]);
    const facts = await ffprobeFacts(await saved(fileOf(asset, 'video-640').url, 'portrait-640.mp4'));
    expect(facts.streams.map((s) => s.codec_type)).toEqual(['video']);
  }, 120_000);

  it('lists newest first, finds by words of the name in any case, renames, and pages with a cursor', async () => {
    const list = async (query: string) => {
      const res = await t.request('GET', `/api/v1/media-assets${query}`, { owner: true });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as MediaAssetList;
    };
    const all = await list('');
    expect(all.assets.map((a) => a.name)).toEqual(['Portrait', 'Small', 'Hero still', 'Jingle', 'Welcome video']);
    expect((await list('?q=VIDEO%20welc')).assets.map((a) => a.id)).toEqual([video.id]);
    expect((await list('?q=100%25_')).assets).toEqual([]);

    const renamed = await t.request('PATCH', `/api/v1/media-assets/${video.id}`, { owner: true, body: { name: '  Intro 100%_final ' } });
    expect(((await renamed.json()) as MediaAssetInfo).name).toBe('Intro 100%_final');
    expect((await list('?q=100%25_')).assets.map((a) => a.id)).toEqual([video.id]);
    expect((await t.request('PATCH', `/api/v1/media-assets/${video.id}`, { owner: true, body: { name: '   ' } })).status).toBe(400);

    const first = await list('?limit=3');
    expect(first.assets).toHaveLength(3);
    const second = await list(`?limit=2&cursor=${first.nextCursor}`);
    expect(second).toMatchObject({ nextCursor: null });
    expect([...first.assets, ...second.assets].map((a) => a.id)).toEqual(all.assets.map((a) => a.id));
    const bad = await t.request('GET', '/api/v1/media-assets?cursor=nonsense', { owner: true });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid-cursor');
  });

  // Last: the bootstrap moves the admin key into a workspace of its own.
  it('lets managers read and not write; owners write', async () => {
    expect((await t.request('GET', '/api/v1/media-assets')).status).toBe(401);
    const sessions = ownerSessions(t);
    const admin = await sessions.bootstrap('ada@example.org');
    const manager = await sessions.join(admin, 'max@example.org', 'manager');
    const owner = await sessions.join(admin, 'olga@example.org', 'owner');
    const made = await sessions.expectStatus(sessions.as(owner, 'POST', '/api/v1/media-assets', { name: 'By an owner' }), 201);
    const { assetId } = (await made.json()) as { assetId: string };
    await sessions.expectStatus(sessions.as(manager, 'GET', '/api/v1/media-assets'), 200);
    await sessions.expectStatus(sessions.as(manager, 'GET', `/api/v1/media-assets/${assetId}`), 200);
    await sessions.expectStatus(sessions.as(manager, 'GET', `/api/v1/media-assets/${assetId}/captions`), 200);
    await sessions.expectStatus(sessions.as(manager, 'POST', '/api/v1/media-assets', { name: 'By a manager' }), 403);
    await sessions.expectStatus(sessions.as(manager, 'PATCH', `/api/v1/media-assets/${assetId}`, { name: 'Renamed' }), 403);
    await sessions.expectStatus(sessions.as(manager, 'PUT', `/api/v1/media-assets/${assetId}/captions`, { segments: [] }), 403);
    await sessions.expectStatus(sessions.as(manager, 'DELETE', `/api/v1/media-assets/${assetId}`), 403);
    await sessions.expectStatus(sessions.as(owner, 'PATCH', `/api/v1/media-assets/${assetId}`, { name: 'Renamed' }), 200);
    await sessions.expectStatus(sessions.as(owner, 'DELETE', `/api/v1/media-assets/${assetId}`), 204);
  });
});
