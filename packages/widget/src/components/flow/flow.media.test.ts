import axe from 'axe-core';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands, page } from 'vitest/browser';
import type { FlowDefinition } from '@reelback/shared';
import { defineReelbackFlow, type ReelbackFlow } from './flow.component.js';
import { resetEventClients } from '../../events/event-client.js';
import { FakeApi, startWorker, worker } from '../../test-support/fake-api.js';

defineReelbackFlow();

/** What the server's published read gives for library media: both renditions, the poster, the captions to show. */
const libraryVideo = (name: string) => ({
  src: `/api/v1/media/mda_${name}/video-1280.mp4`,
  small: `/api/v1/media/mda_${name}/video-640.mp4`,
  poster: `/api/v1/media/mda_${name}/poster.jpg`,
  captions: [{ src: `/api/v1/media/mda_${name}/captions.vtt`, srclang: 'en', label: 'English' }],
});

const mediaFlow: FlowDefinition = {
  name: 'Library media',
  steps: [
    { id: 'intro', prompt: { title: 'Welcome', video: libraryVideo('intro') }, answer: { type: 'choice', options: [{ id: 'go', label: 'Go on', next: 'board' }] } },
    {
      id: 'board',
      prompt: {
        title: 'The new board',
        image: { src: '/api/v1/media/mda_board/image-1280.jpg', small: '/api/v1/media/mda_board/image-640.jpg', alt: 'A board with three columns' },
      },
      answer: { type: 'choice', options: [{ id: 'next', label: 'Next', next: 'outro' }] },
    },
    { id: 'outro', prompt: { title: 'One more thing', video: libraryVideo('outro') }, answer: { type: 'end' } },
  ],
};

const CUE = 'Welcome to Acme';

let api: FakeApi;

beforeAll(() => startWorker());

beforeEach(async () => {
  localStorage.clear();
  resetEventClients();
  api = new FakeApi().publish('media', mediaFlow).install();
  worker.use(
    http.get(`${api.endpoint}/api/v1/media/:assetId/captions.vtt`, () =>
      HttpResponse.text(`WEBVTT\n\n00:00.000 --> 00:02.000\n${CUE}\n`, { headers: { 'content-type': 'text/vtt' } }),
    ),
  );
  // The fixtures' media files do not exist: keep the browser from trying to play them (the `play` event still fires).
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
    queueMicrotask(() => this.dispatchEvent(new Event('play')));
    return Promise.resolve();
  });
  await page.viewport(1024, 768);
});

afterEach(async () => {
  document.body.replaceChildren();
  resetEventClients();
  vi.restoreAllMocks();
  await commands.emulateConstrainedNetwork(null);
  await page.viewport(1024, 768);
});

function mount(): ReelbackFlow {
  const element = document.createElement('reelback-flow');
  element.setAttribute('endpoint', api.endpoint);
  element.setAttribute('flow', 'media');
  document.body.append(element);
  return element;
}

const shadow = (element: ReelbackFlow) => element.shadowRoot!;
const videoOf = (element: ReelbackFlow) => shadow(element).querySelector('reelback-prompt-video')!.shadowRoot!.querySelector('video')!;
const imageOf = (element: ReelbackFlow) => shadow(element).querySelector<HTMLImageElement>('img[part~="prompt-image"]')!;
const url = (path: string) => `${api.endpoint}${path}`;

async function next(name: string, heading: string): Promise<void> {
  await page.getByRole('button', { name }).click();
  await expect.element(page.getByRole('heading', { name: heading })).toBeVisible();
}

describe('<reelback-flow> playing library media', () => {
  it('plays the 1280 rendition with its poster on a wide screen, and the 640 one on a narrow screen, chosen once per step', async () => {
    const element = mount();
    await expect.element(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
    const video = videoOf(element);
    expect(video.getAttribute('src')).toBe(url('/api/v1/media/mda_intro/video-1280.mp4'));
    expect(video.getAttribute('poster')).toBe(url('/api/v1/media/mda_intro/poster.jpg'));

    // The screen narrows while the step is on: its video keeps its file, whatever re-renders it.
    await page.getByRole('button', { name: 'Play video' }).click();
    await page.viewport(400, 700);
    expect(matchMedia('(max-width: 640px)').matches, 'the narrow viewport must apply to the test frame').toBe(true);
    element.requestUpdate();
    await element.updateComplete;
    expect(videoOf(element)).toBe(video);
    expect(video.getAttribute('src')).toBe(url('/api/v1/media/mda_intro/video-1280.mp4'));

    // The next video step decides again, on the narrow screen.
    await next('Go on', 'The new board');
    await next('Next', 'One more thing');
    expect(videoOf(element).getAttribute('src')).toBe(url('/api/v1/media/mda_outro/video-640.mp4'));
    expect(videoOf(element).getAttribute('poster')).toBe(url('/api/v1/media/mda_outro/poster.jpg'));
  });

  it('plays the 640 rendition on a slow network or with save-data, where the browser reports them', async () => {
    for (const network of [
      { slow: true, saveData: false },
      { slow: false, saveData: true },
    ]) {
      await commands.emulateConstrainedNetwork(network);
      const connection = (navigator as Navigator & { connection: { effectiveType: string; saveData: boolean } }).connection;
      expect([connection.effectiveType, connection.saveData], JSON.stringify(network)).toEqual([network.slow ? '3g' : '4g', network.saveData]);
      localStorage.clear();
      const element = mount();
      await expect.element(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
      expect(videoOf(element).getAttribute('src'), JSON.stringify(network)).toBe(url('/api/v1/media/mda_intro/video-640.mp4'));
      element.remove();
    }
  });

  it('shows the captions track, on by default, and asks for CORS when the media lives on another origin', async () => {
    const element = mount();
    await expect.element(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
    const video = videoOf(element);
    const track = video.querySelector('track')!;
    expect([track.getAttribute('src'), track.kind, track.srclang, track.default]).toEqual([url('/api/v1/media/mda_intro/captions.vtt'), 'captions', 'en', true]);
    expect(video.textTracks[0]!.mode).toBe('showing');
    await expect.poll(() => video.textTracks[0]!.cues?.[0] && (video.textTracks[0]!.cues[0] as VTTCue).text, { timeout: 5000 }).toBe(CUE);
    // Same origin as the page here: no CORS mode needed.
    expect(video.hasAttribute('crossorigin')).toBe(false);

    // Embedded on a customer's site, the media comes from the Reelback server's origin.
    element.remove();
    const elsewhere = `${location.protocol}//${location.hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${location.port}`;
    const published = api.flows.get('media')!;
    const absolute = { ...libraryVideo('intro') };
    for (const key of ['src', 'small', 'poster'] as const) absolute[key] = `${elsewhere}${absolute[key]}`;
    absolute.captions = absolute.captions.map((c) => ({ ...c, src: `${elsewhere}${c.src}` }));
    api.publish('media', { ...published.definition, steps: [{ ...published.definition.steps[0]!, prompt: { title: 'Welcome', video: absolute } }, ...published.definition.steps.slice(1)] }, 2);
    localStorage.clear();
    const embedded = mount();
    await expect.element(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
    expect(videoOf(embedded).getAttribute('crossorigin')).toBe('anonymous');
    expect(videoOf(embedded).querySelector('track')!.getAttribute('src')).toBe(`${elsewhere}/api/v1/media/mda_intro/captions.vtt`);
  });

  it('shows an image prompt with both renditions for the browser to pick, its description, themable; only the small one on a slow network', async () => {
    const element = mount();
    element.style.setProperty('--reelback-image-radius', '3px');
    await next('Go on', 'The new board');
    const image = imageOf(element);
    expect(shadow(element).querySelector('reelback-prompt-video')).toBeNull();
    expect(image.getAttribute('src')).toBe(url('/api/v1/media/mda_board/image-1280.jpg'));
    expect(image.getAttribute('srcset')).toBe(`${url('/api/v1/media/mda_board/image-640.jpg')} 640w, ${url('/api/v1/media/mda_board/image-1280.jpg')} 1280w`);
    expect(image.getAttribute('sizes')).toBe('(max-width: 640px) 100vw, 640px');
    await expect.element(page.getByRole('img', { name: 'A board with three columns' })).toBeInTheDocument();
    expect(getComputedStyle(image).borderTopLeftRadius).toBe('3px');
    const result = await axe.run(element, { resultTypes: ['violations'] });
    expect(result.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    element.remove();
    await commands.emulateConstrainedNetwork({ slow: false, saveData: true });
    localStorage.clear();
    const lean = mount();
    await next('Go on', 'The new board');
    expect(imageOf(lean).getAttribute('src')).toBe(url('/api/v1/media/mda_board/image-640.jpg'));
    expect(imageOf(lean).hasAttribute('srcset')).toBe(false);
  });
});
