import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { violations } from '../test-support/axe.js';
import { FakeApi, startWorker } from '../test-support/fake-api.js';
import { CLIP_ID, clip, FAILED_CLIP_ID, inboxData, transcript, XSS } from '../test-support/fixtures.js';
import { deep, deepAll, mountApp, unmountApp } from '../test-support/mount.js';
import { segmentIndexAt } from './transcript.js';

let api: FakeApi;
let data: ReturnType<typeof inboxData>;

beforeAll(() => startWorker());
beforeEach(() => {
  api = new FakeApi().install();
  api.signedIn = true;
  data = inboxData();
  api.sessions = data.sessions;
  for (const c of data.clips) api.clips.set(c.id, c);
  for (const t of data.transcripts) api.transcripts.set(t.clipId, t);
});
afterEach(unmountApp);

/** Opens the answer page and waits until its video (the demo's welcome.mp4, 5.3 s) can seek. */
async function openAnswer(clipId = CLIP_ID) {
  const app = mountApp(`/app/answers/${clipId}`);
  await expect.element(page.getByRole('heading', { name: 'Video answer to “wish”' })).toBeVisible();
  const video = deep<HTMLVideoElement>(app, 'rb-answer', 'video')!;
  await expect.poll(() => video.readyState, { timeout: 10_000 }).toBeGreaterThanOrEqual(HTMLMediaElement.HAVE_METADATA);
  expect(video.duration).toBeCloseTo(5.3, 1);
  return { app, video };
}

const current = (app: Element) =>
  deepAll(app, ['rb-answer'], '.transcript button')
    .map((b, i) => (b.getAttribute('aria-current') === 'true' ? i : -1))
    .filter((i) => i >= 0);

async function seekTo(video: HTMLVideoElement, time: number): Promise<void> {
  const seeked = new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true }));
  video.currentTime = time;
  await seeked;
}

describe('answer page', () => {
  it('shows the clip with its transcript, and highlights the segment being played', async () => {
    const { app, video } = await openAnswer();
    expect(video.getAttribute('src')).toBe(`/api/v1/clips/${CLIP_ID}/media/video`);
    expect(video.getAttribute('poster')).toBe(`/api/v1/clips/${CLIP_ID}/media/poster`);
    const segments = deepAll(app, ['rb-answer'], '.transcript button').map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
    expect(segments).toEqual(["Play from 0:00 Hi, I'm Maya", 'Play from 0:01 from Acme Boards.', 'Play from 0:03 What brings you here today?']);
    expect(current(app)).toEqual([]);

    await seekTo(video, 0.5);
    await expect.poll(() => current(app)).toEqual([0]);
    await seekTo(video, 1.9);
    await expect.poll(() => current(app)).toEqual([1]);
    await seekTo(video, 2.9); // the pause between two segments keeps the last one
    await expect.poll(() => current(app)).toEqual([1]);
    await seekTo(video, 4.2);
    await expect.poll(() => current(app)).toEqual([2]);
  });

  it('seeks the video to a segment when it is clicked', async () => {
    const { app, video } = await openAnswer();
    await page.getByRole('button', { name: /from Acme Boards/ }).click();
    expect(video.currentTime).toBeCloseTo(1.5, 2);
    await expect.poll(() => current(app)).toEqual([1]);
    await page.getByRole('button', { name: /What brings you here/ }).click();
    await expect.poll(() => video.currentTime).toBeCloseTo(3.0, 2);
    await expect.poll(() => current(app)).toEqual([2]);
  });

  it('follows playback', async () => {
    const { app, video } = await openAnswer();
    video.muted = true;
    await seekTo(video, 1.2);
    await video.play();
    await expect.poll(() => current(app), { timeout: 5000 }).toEqual([1]);
    video.pause();
  });

  it('shows where the answer came from, linking http(s) pages only', async () => {
    const { app } = await openAnswer();
    await expect.element(page.getByRole('link', { name: 'https://acme.example/pricing' })).toBeVisible();
    const link = deep<HTMLAnchorElement>(app, 'rb-answer', 'dd a')!;
    expect([link.href, link.rel, link.target]).toEqual(['https://acme.example/pricing', 'noopener noreferrer nofollow', '_blank']);
  });

  it('renders transcript text and page addresses made of HTML or scripts as text', async () => {
    const textSession = data.sessions[2]!; // its page URL is javascript:alert(1)
    api.clips.set('clp_scriptclip00000001', clip('clp_scriptclip00000001', textSession.id, 'wish'));
    api.transcripts.set('clp_scriptclip00000001', transcript('clp_scriptclip00000001', [{ start: 0, end: 2, text: XSS }]));
    const { app } = await openAnswer('clp_scriptclip00000001');
    const answer = deep(app, 'rb-answer')!;
    await expect.element(page.getByText('javascript:alert(1)')).toBeVisible();
    expect(answer.shadowRoot!.querySelector('dd a')).toBeNull();
    expect(answer.shadowRoot!.querySelector('img')).toBeNull();
    expect(answer.shadowRoot!.querySelector('.transcript .text')!.textContent).toBe(XSS);
  });

  it('says why a clip cannot be played', async () => {
    const app = mountApp(`/app/answers/${FAILED_CLIP_ID}`);
    await expect.element(page.getByText('This video is rejected: The recording has no picture or sound.')).toBeVisible();
    expect(deep(app, 'rb-answer', 'video')).toBeNull();
  });

  it('says when there is no such answer', async () => {
    mountApp('/app/answers/clp_nosuchclip0000000001');
    await expect.element(page.getByRole('alert')).toHaveTextContent('There is no such answer');
  });

  it('has no axe violations', async () => {
    const { video } = await openAnswer();
    await seekTo(video, 1.9);
    expect(await violations()).toEqual([]);
  });
});

describe('segmentIndexAt', () => {
  const segments = [
    { start: 1, end: 2 },
    { start: 2, end: 3 },
    { start: 4, end: 5 },
  ];
  it.each([
    [0, -1],
    [1, 0],
    [1.99, 0],
    [2, 1],
    [3.5, 1],
    [4, 2],
    [99, 2],
  ])('at %s s is segment %s', (time, index) => {
    expect(segmentIndexAt(segments, time)).toBe(index);
  });
  it('is -1 without segments', () => expect(segmentIndexAt([], 3)).toBe(-1));
});
