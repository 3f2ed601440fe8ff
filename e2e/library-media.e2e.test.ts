import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type FlowDefinitionInput, MediaAssetInfo, MediaAssetUploadTicket, PublishedFlow } from '@reelback/shared';
import type { Page } from 'playwright-core';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { type RunningServer, startReelbackServer } from './support/reelback-server.js';

const run = promisify(execFile);

const CAPTION = 'Welcome to the new board';
const FLOW_ID = 'library-media-e2e';

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let hostPage: Server;
let hostUrl: string;
let asset: MediaAssetInfo;

const owner = () => ({ authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' });

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: owner(), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** An owner's exported video: 1600×900, 4 s, H.264/AAC with a tone, moov at the end (as editors write it). */
async function ownersVideo(dir: string): Promise<Buffer> {
  const path = join(dir, 'intro.mp4');
  await run('ffmpeg', [
    '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=s=1600x900:r=25:d=4',
    '-f', 'lavfi', '-i', 'sine=f=440:d=4',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-f', 'mp4', path,
  ]);
  return readFile(path);
}

/** Into the library as the studio sends it: a ticket, then the bytes with tus. */
async function uploadToLibrary(name: string, bytes: Buffer): Promise<string> {
  const ticket = MediaAssetUploadTicket.parse(await api('POST', '/media-assets', { name, sizeBytes: bytes.length }));
  await new Promise<void>((resolve, reject) => {
    new tus.Upload(bytes, {
      endpoint: `${server.url}${ticket.uploadUrl}`,
      headers: { authorization: `Bearer ${ticket.token}` },
      metadata: { assetId: ticket.assetId },
      chunkSize: 256 * 1024,
      retryDelays: [],
      onSuccess: () => resolve(),
      onError: reject,
    }).start();
  });
  return ticket.assetId;
}

async function untilReady(id: string): Promise<MediaAssetInfo> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const info = MediaAssetInfo.parse(await api('GET', `/media-assets/${id}`));
    if (info.status === 'ready') return info;
    if (info.status === 'rejected' || info.status === 'failed' || Date.now() > deadline) {
      throw new Error(`asset ${id} is ${info.status} (${info.reason ?? 'no reason'}):\n${server.output().slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const fileUrl = (rendition: string) => {
  const file = asset.files.find((f) => f.rendition === rendition);
  if (!file) throw new Error(`asset has no ${rendition}: ${JSON.stringify(asset.files)}`);
  return `${server.url}${file.url}`;
};

beforeAll(async () => {
  server = await startReelbackServer({ REELBACK_DEMO: '0', REELBACK_TRANSCRIBER: 'off' });
  browser = await launchChromium();
  const dir = await mkdtemp(join(tmpdir(), 'reelback-library-e2e-'));
  let id: string;
  try {
    id = await uploadToLibrary('Intro', await ownersVideo(dir));
    await untilReady(id);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // The owner's own captions (no engine runs here): the ones to show.
  await api('PUT', `/media-assets/${id}/captions`, { format: 'vtt', text: `WEBVTT\n\n00:00.000 --> 00:03.500\n${CAPTION}\n` });
  asset = MediaAssetInfo.parse(await api('GET', `/media-assets/${id}`));

  const definition: FlowDefinitionInput = {
    name: 'Library media',
    steps: [
      { id: 'intro', prompt: { title: 'Meet the new board', media: { assetId: asset.id } }, answer: { type: 'choice', options: [{ id: 'ok', label: 'Looks good', next: 'end' }] } },
      { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
    ],
  };
  await api('POST', '/flows', { id: FLOW_ID, definition });
  await api('POST', `/flows/${FLOW_ID}/versions`);

  // A customer's site on another origin (localhost vs 127.0.0.1), embedding with the one-line script.
  hostPage = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Customer site</title><main><h1>Our product</h1>
      <script src="${server.url}/embed.js" data-flow="${FLOW_ID}"></script></main>`);
  });
  await new Promise<void>((resolve) => hostPage.listen(0, 'localhost', resolve));
  hostUrl = `http://localhost:${(hostPage.address() as AddressInfo).port}/`;
}, 240_000);

afterAll(async () => {
  hostPage?.closeAllConnections();
  await new Promise((resolve) => hostPage?.close(resolve));
  await browser?.close();
  await server?.stop();
});

/**
 * The embedded player on the customer's page, at a viewport width: every failed request or console error noted, and
 * the renditions the page asked for. A media request the browser abandons itself (ERR_ABORTED, once it has what it
 * wants, then asking by range) is how Chromium streams, not a failure.
 */
async function openEmbed(width: number): Promise<{ page: Page; failures: string[]; renditions: Set<string> }> {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 800 });
  const failures: string[] = [];
  const renditions = new Set<string>();
  page.on('request', (request) => {
    const rendition = /\/(video-(?:1280|640))\./.exec(request.url())?.[1];
    if (rendition) renditions.add(rendition);
  });
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText;
    if (!(error === 'net::ERR_ABORTED' && request.resourceType() === 'media')) failures.push(`${request.url()} ${error}`);
  });
  page.on('console', (message) => message.type() === 'error' && failures.push(message.text()));
  await page.goto(hostUrl);
  await page.locator('reelback-flow').getByRole('heading', { name: 'Meet the new board' }).waitFor();
  return { page, failures, renditions };
}

/** Presses play and waits until the video has really played a little; its decoded size says which file it is. */
async function playIt(page: Page): Promise<{ src: string; poster: string; width: number; height: number }> {
  const widget = page.locator('reelback-flow');
  await widget.getByRole('button', { name: 'Play video' }).click();
  const video = widget.locator('video');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime > 0.5), { timeout: 20_000 }).toBe(true);
  return video.evaluate((v: HTMLVideoElement) => ({ src: v.currentSrc, poster: v.poster, width: v.videoWidth, height: v.videoHeight }));
}

describe('a flow step playing a video from the media library, embedded on another origin', () => {
  it('serves the step with the asset’s renditions, poster and captions', async () => {
    const published = PublishedFlow.parse(await (await fetch(`${server.url}/api/v1/flows/${FLOW_ID}/published`)).json());
    expect(published.definition.steps[0]!.prompt.video).toEqual({
      src: asset.files.find((f) => f.rendition === 'video-1280')!.url,
      small: asset.files.find((f) => f.rendition === 'video-640')!.url,
      poster: asset.files.find((f) => f.rendition === 'poster')!.url,
      captions: [{ src: asset.captions.url, srclang: 'en', label: 'English' }],
    });
  });

  it('plays the 1280 rendition with its poster and captions track on a wide screen', async () => {
    const { page, failures, renditions } = await openEmbed(1280);
    const video = page.locator('reelback-flow').locator('video');
    expect(await video.getAttribute('poster')).toBe(fileUrl('poster'));
    expect(await video.getAttribute('crossorigin')).toBe('anonymous');
    expect(await video.locator('track').getAttribute('src')).toBe(`${server.url}${asset.captions.url}`);
    const played = await playIt(page);
    expect(played).toEqual({ src: fileUrl('video-1280'), poster: fileUrl('poster'), width: 1280, height: 720 });
    const cue = await video.evaluate((v: HTMLVideoElement) => {
      const track = v.textTracks[0];
      return track ? [track.mode, (track.cues?.[0] as VTTCue | undefined)?.text] : [];
    });
    expect(cue).toEqual(['showing', CAPTION]);
    expect([...renditions], 'only the chosen rendition is fetched').toEqual(['video-1280']);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('plays the 640 rendition on a 400 px wide screen', async () => {
    const { page, failures, renditions } = await openEmbed(400);
    const played = await playIt(page);
    expect(played).toEqual({ src: fileUrl('video-640'), poster: fileUrl('poster'), width: 640, height: 360 });
    expect([...renditions], 'only the chosen rendition is fetched').toEqual(['video-640']);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('plays on the share link page too, under its Content-Security-Policy', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && !/favicon/.test(m.location().url) && problems.push(m.text()));
    page.on('pageerror', (error) => problems.push(String(error)));
    expect((await page.goto(`${server.url}/f/${FLOW_ID}`))!.status()).toBe(200);
    await page.locator('reelback-flow').getByRole('heading', { name: 'Meet the new board' }).waitFor();
    expect(await playIt(page)).toEqual({ src: fileUrl('video-1280'), poster: fileUrl('poster'), width: 1280, height: 720 });
    expect(problems).toEqual([]);
    await page.close();
  });
});
