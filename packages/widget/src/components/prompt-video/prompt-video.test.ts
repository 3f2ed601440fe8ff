import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { defineReelbackPromptVideo, type CaptionSource, type ReelbackPromptVideo } from './prompt-video.component.js';

defineReelbackPromptVideo();

const captions: CaptionSource[] = [
  { src: '/media/start.en.vtt', srclang: 'en', label: 'English' },
  { src: '/media/start.fr.vtt', srclang: 'fr', label: 'Français' },
];

afterEach(async () => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
  await commands.emulateReducedMotion(false);
});

async function mount(props: Partial<Pick<ReelbackPromptVideo, 'src' | 'small' | 'poster' | 'captions' | 'autoplay'>> = {}): Promise<ReelbackPromptVideo> {
  const element = document.createElement('reelback-prompt-video');
  Object.assign(element, { src: '/media/start.mp4', poster: '/media/start.jpg', captions, ...props });
  document.body.append(element);
  await element.updateComplete;
  return element;
}

const root = (element: ReelbackPromptVideo) => element.shadowRoot!;
const videoOf = (element: ReelbackPromptVideo) => root(element).querySelector('video')!;

/** `play()` resolves at once and the `play` event follows, as in a browser that may play. */
const stubPlay = () =>
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
    queueMicrotask(() => this.dispatchEvent(new Event('play')));
    return Promise.resolve();
  });

/** Collects one kind of event the element dispatches. */
function record<K extends 'reelback-video-play' | 'reelback-video-progress' | 'reelback-video-ended'>(
  element: ReelbackPromptVideo,
  type: K,
): GlobalEventHandlersEventMap[K]['detail'][] {
  const heard: GlobalEventHandlersEventMap[K]['detail'][] = [];
  element.addEventListener(type, (event) => heard.push(event.detail));
  return heard;
}

describe('<reelback-prompt-video>', () => {
  it('renders the video with its poster and caption tracks (first on by default), never autoplaying by itself', async () => {
    const element = await mount();
    const video = videoOf(element);
    expect(video.getAttribute('poster')).toBe('/media/start.jpg');
    expect(video.getAttribute('src')).toBe('/media/start.mp4');
    expect(video.hasAttribute('playsinline')).toBe(true);
    expect(video.hasAttribute('crossorigin')).toBe(false);
    expect(video.autoplay).toBe(false);
    const tracks = [...video.querySelectorAll('track')];
    expect(tracks.map((t) => [t.kind, t.srclang, t.label, t.default])).toEqual([
      ['captions', 'en', 'English', true],
      ['captions', 'fr', 'Français', false],
    ]);
    expect(tracks.map((t) => t.getAttribute('src'))).toEqual(['/media/start.en.vtt', '/media/start.fr.vtt']);
    await expect.element(page.getByRole('button', { name: 'Play video' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
    await expect.element(page.getByRole('progressbar', { name: 'Video progress' })).toHaveAttribute('aria-valuenow', '0');
  });

  it('asks for CORS when the video or a caption track lives on another origin, and defaults a track’s language', async () => {
    const other = `${location.protocol}//${location.hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:9`;
    const element = await mount({ src: `${other}/media/start.mp4`, poster: undefined, captions: [{ src: '/media/start.en.vtt' }] });
    expect(videoOf(element).getAttribute('crossorigin')).toBe('anonymous');
    expect(videoOf(element).hasAttribute('poster')).toBe(false);
    const track = videoOf(element).querySelector('track')!;
    expect([track.srclang, track.label, track.default]).toEqual(['en', 'English', true]);
    element.src = '/media/start.mp4';
    element.captions = [{ src: `${other}/media/start.en.vtt` }];
    await element.updateComplete;
    expect(videoOf(element).getAttribute('crossorigin')).toBe('anonymous');
    element.captions = [];
    await element.updateComplete;
    expect(videoOf(element).hasAttribute('crossorigin')).toBe(false);
  });

  it('plays and pauses, mutes, and shows progress', async () => {
    const element = await mount();
    const video = videoOf(element);
    const asked = record(element, 'reelback-video-play');
    const marks = record(element, 'reelback-video-progress');
    const ended = record(element, 'reelback-video-ended');
    const play = stubPlay();
    await page.getByRole('button', { name: 'Play video' }).click();
    expect(play).toHaveBeenCalledTimes(1);
    expect(asked).toEqual([null]);
    await expect.element(page.getByRole('button', { name: 'Play video' })).not.toBeInTheDocument();
    await expect.element(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    // Focus does not fall to <body> when the big button goes away (Escape in the bubble depends on it).
    expect(root(element).activeElement?.getAttribute('aria-label')).toBe('Pause');
    await page.getByRole('button', { name: 'Mute' }).click();
    expect(video.muted).toBe(true);
    await expect.element(page.getByRole('button', { name: 'Mute' })).toHaveAttribute('aria-pressed', 'true');

    Object.defineProperty(video, 'duration', { value: 20, configurable: true });
    Object.defineProperty(video, 'currentTime', { value: 11, configurable: true, writable: true });
    video.dispatchEvent(new Event('timeupdate'));
    video.dispatchEvent(new Event('timeupdate'));
    await expect.element(page.getByRole('progressbar', { name: 'Video progress' })).toHaveAttribute('aria-valuenow', '55');
    expect(marks).toEqual([{ percent: 25 }, { percent: 50 }]);
    video.dispatchEvent(new Event('ended'));
    expect(marks).toEqual([{ percent: 25 }, { percent: 50 }, { percent: 75 }, { percent: 100 }]);
    expect(ended).toEqual([null]);
    await expect.element(page.getByRole('progressbar', { name: 'Video progress' })).toHaveAttribute('aria-valuenow', '100');
    await expect.element(page.getByRole('button', { name: 'Play' })).toBeVisible();

    // Played again from the start: each mark was reported already and is not reported twice.
    await page.getByRole('button', { name: 'Play' }).click();
    expect(asked).toEqual([null, null]);
    video.dispatchEvent(new Event('timeupdate'));
    video.dispatchEvent(new Event('ended'));
    expect(marks).toHaveLength(4);
    expect(ended).toEqual([null, null]);
  });

  it('pauses on request, when the video is clicked while playing, and when it leaves the page', async () => {
    const element = await mount();
    const video = videoOf(element);
    stubPlay();
    const pause = vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(function (this: HTMLMediaElement) {
      this.dispatchEvent(new Event('pause'));
    });
    await page.getByRole('button', { name: 'Play video' }).click();
    await expect.element(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    element.pause();
    expect(pause.mock.contexts).toEqual([video]);
    await expect.element(page.getByRole('button', { name: 'Play' })).toBeVisible();
    Object.defineProperty(video, 'paused', { value: false, configurable: true });
    video.click();
    expect(pause).toHaveBeenCalledTimes(2);
    element.remove();
    expect(pause).toHaveBeenCalledTimes(3);
  });

  it('is operable by keyboard: the big button, then play/pause and mute, with a visible focus outline', async () => {
    const element = await mount();
    const before = document.createElement('button');
    before.textContent = 'before';
    document.body.prepend(before);
    before.focus();
    const focused = () => root(element).activeElement;
    await userEvent.tab();
    expect(focused()?.getAttribute('aria-label')).toBe('Play video');
    await userEvent.tab();
    expect(focused()?.getAttribute('aria-label')).toBe('Play');
    expect(focused()!.matches(':focus-visible')).toBe(true);
    expect(getComputedStyle(focused()!).outlineStyle).toBe('solid');
    await userEvent.tab();
    expect(focused()?.getAttribute('aria-label')).toBe('Mute');
    const play = stubPlay();
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    await userEvent.keyboard('{Enter}');
    expect(play).toHaveBeenCalledTimes(1);
    await expect.element(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  });
});

describe('motion', () => {
  it('with autoplay, starts by itself once shown (without counting as the viewer’s press)', async () => {
    const play = stubPlay();
    const element = document.createElement('reelback-prompt-video');
    const asked = record(element, 'reelback-video-play');
    element.src = '/media/start.mp4';
    element.autoplay = true;
    document.body.append(element);
    await element.updateComplete;
    await expect.poll(() => play.mock.contexts.at(-1)).toBe(videoOf(element));
    expect(play).toHaveBeenCalledTimes(1);
    expect(videoOf(element).autoplay).toBe(false);
    expect(asked).toEqual([]);
    await expect.element(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  });

  it('under prefers-reduced-motion: no transitions and no start by itself', async () => {
    await commands.emulateReducedMotion(true);
    const play = stubPlay();
    const element = await mount({ autoplay: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(play).not.toHaveBeenCalled();
    await expect.element(page.getByRole('button', { name: 'Play video' })).toBeVisible();
    const bigButton = root(element).querySelector('[part~="play-button"]')!;
    expect(getComputedStyle(bigButton).transitionDuration).toBe('0s');
    await commands.emulateReducedMotion(false);
    expect(getComputedStyle(bigButton).transitionDuration).toBe('0.15s');
  });
});

describe('renditions', () => {
  afterEach(async () => {
    await page.viewport(1024, 768);
  });

  it('plays `small` on a small screen, `src` otherwise, and never changes file once playing', async () => {
    stubPlay();
    await page.viewport(1024, 768);
    const wide = await mount({ small: '/media/start-640.mp4' });
    expect(videoOf(wide).getAttribute('src')).toBe('/media/start.mp4');
    wide.remove();

    await page.viewport(400, 700);
    const narrow = await mount({ small: '/media/start-640.mp4' });
    expect([narrow.source, videoOf(narrow).getAttribute('src')]).toEqual(['/media/start-640.mp4', '/media/start-640.mp4']);
    // Before it plays, new files are taken (chosen again); once it plays, the file stays.
    narrow.small = '/media/other-640.mp4';
    await narrow.updateComplete;
    expect(videoOf(narrow).getAttribute('src')).toBe('/media/other-640.mp4');
    await page.getByRole('button', { name: 'Play video' }).click();
    await expect.element(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    narrow.small = '/media/third-640.mp4';
    narrow.src = '/media/third.mp4';
    await narrow.updateComplete;
    expect(videoOf(narrow).getAttribute('src')).toBe('/media/other-640.mp4');
  });
});
