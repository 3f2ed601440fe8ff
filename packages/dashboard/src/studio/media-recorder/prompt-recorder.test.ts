import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { MediaAssetInfo } from '@reelback/shared';
import { ApiClient } from '../../api/api-client.js';
import { violations } from '../../test-support/axe.js';
import { OWNER, startWorker } from '../../test-support/fake-api.js';
import { FakeAssetUploads } from '../../test-support/fake-asset-uploads.js';
import { definePromptRecorder, type RbPromptRecorder } from './prompt-recorder.component.js';
import { cameraBox } from './screen-composite.js';

definePromptRecorder();

// Chromium's fake devices (vitest.config.ts): a test-pattern camera, beeping microphones and a screen, whose sizes
// follow the constraints asked (the recorder asks the camera for 1280×720, the screen for at most 1920×1080).
const sizeOf = (track: MediaStreamTrack | undefined) => ({ width: track?.getSettings().width, height: track?.getSettings().height });

let server: FakeAssetUploads;
let added: MediaAssetInfo[];
const collect = (event: Event) => added.push((event as CustomEvent<{ asset: MediaAssetInfo }>).detail.asset);

beforeAll(() => startWorker());
beforeEach(() => {
  server = new FakeAssetUploads().install();
  added = [];
  // Bubbling and composed: the page hears it.
  document.addEventListener('prompt-media-added', collect);
});
afterEach(() => {
  document.removeEventListener('prompt-media-added', collect);
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

async function mount(props: Partial<Pick<RbPromptRecorder, 'mode' | 'maxDurationSeconds' | 'assetName'>> = {}): Promise<RbPromptRecorder> {
  const api = new ApiClient();
  api.csrfToken = OWNER.csrfToken;
  const element = document.createElement('rb-prompt-recorder');
  Object.assign(element, { api, ...props });
  // As the studio shows it: in the page's main region, under its heading.
  const main = document.createElement('main');
  main.innerHTML = '<h1>Studio</h1>';
  main.append(element);
  document.body.append(main);
  await element.updateComplete;
  return element;
}

const button = (name: string) => page.getByRole('button', { name, exact: true });
const inside = <E extends Element = HTMLElement>(element: RbPromptRecorder, selector: string) => element.shadowRoot!.querySelector<E>(selector);
const elapsed = (element: RbPromptRecorder) => inside(element, '.elapsed')?.textContent ?? '';

/** Records until the clock shows `seconds`, then stops and waits for the review. */
async function recordFor(element: RbPromptRecorder, seconds: number): Promise<void> {
  await expect.element(button('Start recording')).toBeEnabled();
  await button('Start recording').click();
  await expect.element(button('Stop recording')).toBeVisible();
  await expect.poll(() => elapsed(element), { timeout: (seconds + 5) * 1000 }).toBe(`0:0${seconds}`);
  await button('Stop recording').click();
  await expect.element(button('Record again'), { timeout: 10_000 }).toBeVisible();
  const alert = inside(element, '[role="alert"]')?.textContent?.trim();
  expect(alert, 'the take was refused').toBeUndefined();
}

/** A recording's picture one second in, as a `<video>` decodes it: it plays, so the bytes are a real recording. */
async function decoded(bytes: Blob): Promise<{ width: number; height: number; pixels: ImageData }> {
  const video = document.createElement('video');
  video.muted = true;
  video.src = URL.createObjectURL(bytes);
  try {
    await new Promise((resolve, reject) => {
      video.onloadeddata = resolve;
      video.onerror = () => reject(new Error(`the recording does not decode: ${video.error?.message ?? 'no reason given'}`));
    });
    // The first frames may come before the camera's first picture.
    video.currentTime = 1;
    await new Promise((resolve) => (video.onseeked = resolve));
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(video, 0, 0);
    return { width: video.videoWidth, height: video.videoHeight, pixels: context.getImageData(0, 0, canvas.width, canvas.height) };
  } finally {
    URL.revokeObjectURL(video.src);
  }
}

const sizeOfPicture = ({ width, height }: { width: number; height: number }) => ({ width, height });
/** The red of a pixel: the fake devices' pictures are green and black, the camera's frame is white. */
const red = (image: ImageData, x: number, y: number) => image.data[(Math.round(y) * image.width + Math.round(x)) * 4]!;

/** WebM starts with the EBML magic 1A 45 DF A3; MP4 has `ftyp` at byte 4. */
function container(bytes: Uint8Array): 'webm' | 'mp4' | 'unknown' {
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'webm';
  if (String.fromCharCode(...bytes.subarray(4, 8)) === 'ftyp') return 'mp4';
  return 'unknown';
}

// Real recordings on a shared two-core machine: encoding takes what it takes.
describe('<rb-prompt-recorder>', { timeout: 45_000 }, () => {
  it('records a camera take, plays it back, and on "Use this take" uploads it and announces the asset', async () => {
    const element = await mount({ assetName: 'Welcome' });
    await expect.element(button('Start recording')).toBeEnabled();
    const preview = inside<HTMLVideoElement>(element, 'video.preview')!;
    expect(preview.srcObject).toBeInstanceOf(MediaStream);
    expect(preview.muted).toBe(true);
    expect(page.getByRole('combobox', { name: 'Camera' }).element()).toBeTruthy();
    const camera = sizeOf((preview.srcObject as MediaStream).getVideoTracks()[0]);
    await recordFor(element, 2);

    const playback = inside<HTMLVideoElement>(element, 'video.playback')!;
    expect(playback.src).toMatch(/^blob:/);
    expect(playback.controls).toBe(true);
    expect(preview.srcObject === null || (preview.srcObject as MediaStream).getTracks().every((t) => t.readyState === 'ended')).toBe(true);
    await expect.element(page.getByRole('textbox', { name: 'Name in the media library' })).toHaveValue('Welcome');
    await userEvent.fill(page.getByRole('textbox', { name: 'Name in the media library' }).element(), 'Welcome video');
    await button('Use this take').click();
    await expect.poll(() => added.length, { timeout: 10_000 }).toBe(1);

    const [asset] = [...server.assets.values()];
    expect(added[0]).toMatchObject({ id: asset!.ticket.assetId, name: 'Welcome video', status: 'processing' });
    expect(asset!.request).toMatchObject({ name: 'Welcome video', mimeType: expect.stringMatching(/^video\//) });
    const bytes = server.bytes(asset!.ticket.assetId);
    expect(bytes.length).toBe(asset!.request.sizeBytes);
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(container(bytes)).not.toBe('unknown');
    expect(sizeOfPicture(await decoded(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: asset!.request.mimeType ?? '' })))).toEqual(camera);
    await expect.element(page.getByText('Added “Welcome video” to the media library.')).toBeInTheDocument();
    await expect.element(button('Record another')).toBeVisible();
    expect(server.withoutCsrf).toEqual([]);
  });

  it('records the screen with the camera in a corner: one take the size of the screen', async () => {
    const shared: MediaStream[] = [];
    const getDisplayMedia = navigator.mediaDevices.getDisplayMedia.bind(navigator.mediaDevices);
    vi.spyOn(navigator.mediaDevices, 'getDisplayMedia').mockImplementation(async (options) => {
      shared.push(await getDisplayMedia(options));
      return shared.at(-1)!;
    });
    const element = await mount({ mode: 'screen' });
    await expect.element(button('Share screen')).toBeEnabled();
    const camera = sizeOf((inside<HTMLVideoElement>(element, 'video.preview')!.srcObject as MediaStream).getVideoTracks()[0]);
    await expect.element(button('Start recording')).toBeDisabled();
    await button('Share screen').click();
    await expect.element(button('Start recording')).toBeEnabled();
    await expect.element(page.getByLabelText('Preview: your screen with the camera in the corner')).toBeVisible();
    const screen = sizeOf(shared[0]!.getVideoTracks()[0]);
    expect(screen).not.toEqual(camera);
    await recordFor(element, 2);
    // Sharing ends with the take.
    expect(shared[0]!.getVideoTracks()[0]!.readyState).toBe('ended');
    const playback = inside<HTMLVideoElement>(element, 'video.playback')!;
    const take = await (await fetch(playback.src)).blob();
    expect(take.size).toBeGreaterThan(10_000);
    const picture = await decoded(take);
    expect(sizeOfPicture(picture)).toEqual(screen);
    // The camera sits in the bottom-right corner, framed in white; the screen around it is not white.
    const box = cameraBox(picture, { width: camera.width!, height: camera.height! });
    expect(red(picture.pixels, box.x + box.width / 2, box.y), 'the top of the camera frame').toBeGreaterThan(150);
    expect(red(picture.pixels, box.x + box.width / 2, box.y - 12), 'the screen above the camera').toBeLessThan(100);
    await button('Use this take').click();
    await expect.poll(() => added.length, { timeout: 10_000 }).toBe(1);
    expect(server.bytes(added[0]!.id)).toEqual(new Uint8Array(await take.arrayBuffer()));
  });

  it('switches modes: audio only records sound alone', async () => {
    const element = await mount();
    await expect.element(button('Start recording')).toBeEnabled();
    await page.getByRole('radio', { name: 'Audio only' }).click();
    await expect.element(page.getByText('Microphone on')).toBeVisible();
    expect(inside(element, 'video.preview')).toBeNull();
    expect(page.getByRole('combobox', { name: 'Camera' }).elements()).toHaveLength(0);
    await recordFor(element, 1);
    const playback = inside<HTMLAudioElement>(element, 'audio.playback')!;
    const take = await (await fetch(playback.src)).blob();
    expect(take.type).toMatch(/^audio\//);
    expect(take.size).toBeGreaterThan(1000);
  });

  it('an MP4 take (as in Safari) records the microphone through the tap, and runs on past Stop for its last fragment', async () => {
    const Native = MediaRecorder;
    const recorded: MediaStream[] = [];
    vi.spyOn(globalThis, 'MediaRecorder').mockImplementation(function (stream: MediaStream, options?: MediaRecorderOptions) {
      recorded.push(stream);
      return new Native(stream, options);
    } as unknown as typeof MediaRecorder);
    MediaRecorder.isTypeSupported = (type: string) => type === 'audio/mp4' && Native.isTypeSupported(type);
    const ask = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    const opened: MediaStream[] = [];
    vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockImplementation(async (constraints) => {
      const stream = await ask(constraints);
      opened.push(stream);
      return stream;
    });
    const element = await mount({ mode: 'audio' });
    await expect.element(button('Start recording')).toBeEnabled();
    await button('Start recording').click();
    await expect.element(button('Stop recording')).toBeVisible();
    await expect.poll(() => elapsed(element), { timeout: 6000 }).toBe('0:01');
    const stopped = performance.now();
    await button('Stop recording').click();
    // The run-on is shown: the button says so and cannot be pressed again.
    await expect.element(button('Stopping…')).toBeDisabled();
    await expect.element(button('Record again'), { timeout: 10_000 }).toBeVisible();
    const waited = performance.now() - stopped;
    expect(waited, 'one timeslice + 0.3 s before the buffered data is asked for').toBeGreaterThanOrEqual(1300);
    const sound = recorded[0]?.getAudioTracks() ?? [];
    const devices = opened.flatMap((stream) => stream.getAudioTracks());
    expect(sound, 'the take records one sound track').toHaveLength(1);
    expect(devices.length, 'the microphone was opened').toBeGreaterThan(0);
    // The tap's track (a Web Audio destination's), not the device's: a disabled one floods WebKitGTK with silence.
    expect(devices, `recorded ${sound[0]!.label || sound[0]!.id}`).not.toContain(sound[0]);
    const playback = inside<HTMLAudioElement>(element, 'audio.playback')!;
    const take = await (await fetch(playback.src)).blob();
    expect(take.type).toBe('audio/mp4');
    expect(container(new Uint8Array(await take.slice(0, 8).arrayBuffer()))).toBe('mp4');
    expect(elapsed(element), 'the take lasts until the press').toMatch(/^0:0[12]$/);
  });

  it('"Record again" discards the take and opens the camera again; nothing is uploaded', async () => {
    const element = await mount();
    await recordFor(element, 1);
    const first = inside<HTMLVideoElement>(element, 'video.playback')!.src;
    await button('Record again').click();
    await expect.element(button('Start recording')).toBeEnabled();
    expect(inside(element, 'video.playback')).toBeNull();
    await expect(fetch(first)).rejects.toThrow(); // the take's object URL is revoked
    expect((inside<HTMLVideoElement>(element, 'video.preview')!.srcObject as MediaStream).getVideoTracks()[0]!.readyState).toBe('live');
    expect(server.assets.size).toBe(0);
    expect(server.requests).toEqual([]);
  });

  it('refuses a take shorter than a second', async () => {
    const element = await mount();
    await expect.element(button('Start recording')).toBeEnabled();
    await button('Start recording').click();
    await button('Stop recording').click();
    await expect.element(page.getByRole('alert')).toHaveTextContent('This take is shorter than a second. Record again.');
    await expect.element(button('Use this take')).toBeDisabled();
    expect(element.shadowRoot!.activeElement).toBe(inside(element, '.again'));
  });

  it('stops by itself at the limit', async () => {
    const element = await mount({ maxDurationSeconds: 2 });
    await expect.element(button('Start recording')).toBeEnabled();
    await button('Start recording').click();
    expect(inside(element, '.limit')!.textContent).toBe('/ 0:02');
    await expect.element(button('Use this take'), { timeout: 5000 }).toBeEnabled();
    await expect.element(page.getByText('Time is up. Recording stopped.')).toBeInTheDocument();
    expect(elapsed(element)).toBe('0:02');
  });

  it('says what to do when the camera is not allowed', async () => {
    vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockRejectedValue(new DOMException('Permission denied', 'NotAllowedError'));
    await mount();
    await expect.element(page.getByRole('alert')).toHaveTextContent('The browser is not allowed to use your camera and microphone.');
    await expect.element(page.getByRole('alert')).toHaveTextContent('Allow the camera and microphone for this site');
    await expect.element(button('Try again')).toBeVisible();
    expect(await violations()).toEqual([]);
    vi.restoreAllMocks();
    await button('Try again').click();
    await expect.element(button('Start recording')).toBeEnabled();
    expect(page.getByRole('alert').elements()).toHaveLength(0);
  });

  it('says so when there is no camera, and offers audio only', async () => {
    vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockRejectedValue(new DOMException('Requested device not found', 'NotFoundError'));
    vi.spyOn(navigator.mediaDevices, 'enumerateDevices').mockResolvedValue([
      { kind: 'audioinput', deviceId: 'mic', groupId: 'g', label: '', toJSON: () => ({}) } as MediaDeviceInfo,
    ]);
    await mount();
    await expect.element(page.getByRole('alert')).toHaveTextContent('No camera was found.');
    await expect.element(page.getByRole('alert')).toHaveTextContent('choose “Audio only”');
    await expect.element(page.getByRole('radio', { name: 'Audio only' })).toBeEnabled();
  });

  it('says what to do when screen sharing is cancelled', async () => {
    vi.spyOn(navigator.mediaDevices, 'getDisplayMedia').mockRejectedValue(new DOMException('Permission denied by user', 'NotAllowedError'));
    const element = await mount({ mode: 'screen' });
    await button('Share screen').click();
    await expect.element(page.getByRole('alert')).toHaveTextContent('Screen sharing was cancelled or is not allowed.');
    await expect.element(button('Start recording')).toBeDisabled();
    expect(element.shadowRoot!.activeElement).toBe(inside(element, '.share'));
  });

  it('cancels an upload: the take stays for another try, the half-sent asset is deleted', async () => {
    let release!: () => void;
    server.holdPatches = new Promise((resolve) => (release = resolve));
    const element = await mount();
    await recordFor(element, 1);
    await button('Use this take').click();
    await expect.element(page.getByText(/Uploading… \d+%/)).toBeVisible();
    await expect.element(page.getByRole('progressbar')).toBeVisible();
    await expect.poll(() => server.requests.filter((r) => r.method === 'PATCH').length).toBe(1);
    await button('Cancel upload').click();
    await expect.element(button('Use this take')).toBeEnabled();
    await expect.element(page.getByText('Upload cancelled. The take is still here.')).toBeInTheDocument();
    await expect.poll(() => [...server.assets.values()].map((a) => a.deleted)).toEqual([true]);
    release();
    expect(added).toEqual([]);
    expect(inside<HTMLVideoElement>(element, 'video.playback')!.src).toMatch(/^blob:/);
  });

  it('is keyboard operable and has no axe violations while ready, recording and in review', async () => {
    const element = await mount();
    await expect.element(button('Start recording')).toBeEnabled();
    expect(element.shadowRoot!.activeElement).toBe(inside(element, '.start'));
    expect(await violations()).toEqual([]);
    await userEvent.keyboard('{Enter}');
    await expect.element(button('Stop recording')).toBeVisible();
    expect(element.shadowRoot!.activeElement).toBe(inside(element, '.stop'));
    expect(await violations()).toEqual([]);
    await expect.poll(() => elapsed(element), { timeout: 6000 }).toBe('0:01');
    await userEvent.keyboard('{Enter}');
    await expect.element(button('Record again'), { timeout: 10_000 }).toBeVisible();
    expect(inside(element, '[role="alert"]')?.textContent?.trim(), 'the take was refused').toBeUndefined();
    await expect.element(button('Use this take')).toBeEnabled();
    expect(element.shadowRoot!.activeElement).toBe(inside(element, '.use'));
    expect(await violations()).toEqual([]);
  });

  it('offers the microphones; picking one restarts the preview on it', async () => {
    const element = await mount();
    await expect.element(button('Start recording')).toBeEnabled();
    const select = page.getByRole('combobox', { name: 'Microphone' }).element() as HTMLSelectElement;
    expect(select.options.length).toBeGreaterThan(1);
    const before = inside<HTMLVideoElement>(element, 'video.preview')!.srcObject as MediaStream;
    const other = [...select.options].find((option) => !option.selected)!;
    await userEvent.selectOptions(select, other.value);
    await expect.poll(() => (inside<HTMLVideoElement>(element, 'video.preview')?.srcObject as MediaStream | null)?.getAudioTracks()[0]?.getSettings().deviceId).toBe(other.value);
    expect(before.getTracks().every((track) => track.readyState === 'ended')).toBe(true);
  });
});
