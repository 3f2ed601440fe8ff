import axe from 'axe-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { startWorker } from '../../test-support/fake-api.js';
import { FakeTusServer, sha256, storedBytes, until } from '../../upload/fake-tus.js';
import { inStores, type StoredClip } from '../../upload/upload-db.js';
import { uploads } from '../../upload/upload-manager.js';
import { watchUploads, type UploadStatus } from '../../upload/upload-status.js';
import { MIME_PREFERENCES, pickMimeType } from './media.js';
import type { ReelbackRecorder, RecorderEventMap } from './recorder.component.js';
import './recorder.component.js';

let server: FakeTusServer;

beforeAll(() => startWorker());

beforeEach(async () => {
  server = new FakeTusServer().install();
  await inStores('readwrite', (clips, chunks) => {
    clips.clear();
    chunks.clear();
  });
});

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  for (const clip of [...uploads.clips]) clip.shutdown();
});

type Props = Partial<Pick<ReelbackRecorder, 'kind' | 'maxDurationSeconds' | 'countdownSeconds' | 'requestTicket'>>;

async function mount(props: Props = {}): Promise<ReelbackRecorder> {
  const element = document.createElement('reelback-recorder');
  Object.assign(element, { endpoint: location.origin, sessionId: 'ses_1', stepId: 'q1', countdownSeconds: 0, ...props });
  document.body.append(element);
  await element.updateComplete;
  return element;
}

function heard<K extends keyof RecorderEventMap>(element: ReelbackRecorder, type: K): RecorderEventMap[K]['detail'][] {
  const details: RecorderEventMap[K]['detail'][] = [];
  // Composed and bubbling: the page hears it.
  document.addEventListener(type, (event) => event.target === element && details.push(event.detail));
  return details;
}

const button = (name: string) => page.getByRole('button', { name, exact: true });
const part = (element: ReelbackRecorder, name: string) => element.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const storedRecord = (clipId: string) => inStores<StoredClip | undefined>('readonly', (clips) => clips.get(clipId));
const patches = () => server.requests.filter((r) => r.method === 'PATCH' && r.size > 0);

/** MediaRecorder as it is, except that every chunk it hands out is empty (undone by `vi.unstubAllGlobals`). */
function recordNothing(): void {
  const Real = MediaRecorder;
  class EmptyRecorder extends Real {
    override set ondataavailable(handler: ((event: BlobEvent) => void) | null) {
      super.ondataavailable = handler && ((event: BlobEvent) => handler.call(this, new BlobEvent('dataavailable', { data: new Blob([]), timecode: event.timecode })));
    }
    override get ondataavailable(): ((event: BlobEvent) => void) | null {
      return super.ondataavailable;
    }
  }
  vi.stubGlobal('MediaRecorder', EmptyRecorder);
}

/** axe-core looks into open shadow roots. */
async function violations(): Promise<string[]> {
  await commands.emulateReducedMotion(true);
  // Page-level rules (landmarks, the page's h1) are the host page's business.
  const pageRules = ['region', 'landmark-one-main', 'page-has-heading-one'];
  const result = await axe.run(document, { resultTypes: ['violations'], rules: Object.fromEntries(pageRules.map((rule) => [rule, { enabled: false }])) });
  await commands.emulateReducedMotion(false);
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('<reelback-recorder>', () => {
  it('records ~3 s of video while uploading it; the server gets exactly the bytes kept in IndexedDB', async () => {
    const element = await mount();
    const submitted = heard(element, 'reelback-recorder-submit');
    await expect.element(button('Start recording')).toBeEnabled();
    const preview = part(element, 'preview') as HTMLVideoElement;
    expect(preview.srcObject).toBeInstanceOf(MediaStream);
    expect(preview.muted).toBe(true);
    await button('Start recording').click();
    await expect.element(button('Stop recording')).toBeVisible();
    expect(part(element, 'timer')!.textContent).toMatch(/left/);
    await until(() => patches().length > 0, 4000, 'a PATCH while recording');
    await sleep(3000 - (performance.now() - server.requests[0]!.at));
    const stoppedAt = performance.now();
    let release!: () => void;
    server.holdLast = new Promise((resolve) => (release = resolve));
    await button('Stop recording').click();
    await expect.element(button('Send')).toBeEnabled();
    expect(patches().filter((r) => r.at < stoppedAt).length).toBeGreaterThan(0);

    const [ticket] = server.ticketRequests;
    expect(ticket).toEqual({ stepId: 'q1', kind: 'video', mimeType: pickMimeType('video') });
    expect(MIME_PREFERENCES.video).toContain(ticket!.mimeType);
    const clipId = [...server.uploads.keys()][0]!;
    await until(async () => (await storedRecord(clipId))?.finished === true, 3000, 'finished in IndexedDB');
    const recorded = await storedBytes(clipId);
    expect(recorded.length).toBeGreaterThan(10_000);
    const playback = part(element, 'playback') as HTMLVideoElement;
    expect(playback.src).toMatch(/^blob:/);
    expect(playback.controls).toBe(true);

    let latest: UploadStatus[] = [];
    const stop = watchUploads((statuses) => (latest = statuses));
    await button('Send').click();
    await until(() => submitted.length === 1, 3000, 'submit event');
    expect(submitted[0]).toMatchObject({ clipId, kind: 'video' });
    expect(submitted[0]!.durationSeconds).toBeGreaterThan(2.5);
    // ~3 s asked; MediaRecorder on a busy machine reports up to ~4.5 s (as in the recorded e2e test).
    expect(submitted[0]!.durationSeconds).toBeLessThan(6);
    release();
    await until(() => latest.find((s) => s.clipId === clipId)?.state === 'done', 5000, 'upload done');
    stop();
    expect(await sha256(server.bytes(clipId))).toBe(await sha256(recorded));
    expect(server.uploads.get(clipId)!.length).toBe(recorded.length);
    await until(async () => (await storedRecord(clipId)) === undefined, 2000, 'local copy deleted');
  });

  it('counts down 3-2-1 and Enter on "Start now" skips the countdown', async () => {
    const element = await mount({ countdownSeconds: 3 });
    await button('Start recording').click();
    expect(part(element, 'countdown')?.textContent).toBe('3');
    await until(() => element.shadowRoot!.activeElement === part(element, 'skip-button'), 2000, 'focus on skip');
    const pressed = performance.now();
    await userEvent.keyboard('{Enter}');
    await expect.element(button('Stop recording')).toBeVisible();
    expect(performance.now() - pressed).toBeLessThan(900);
    expect(part(element, 'countdown')).toBeNull();
    expect(element.shadowRoot!.activeElement).toBe(part(element, 'stop-button'));
    // Something recorded (a busy machine may take a while for the first chunk), so the take is kept.
    await until(() => patches().length > 0, 4000, 'a PATCH while recording');
    await button('Stop recording').click();
    await expect.element(button('Send')).toBeVisible();
  });

  it('stops by itself at the maximum duration', async () => {
    const element = await mount({ maxDurationSeconds: 2 });
    const submitted = heard(element, 'reelback-recorder-submit');
    await button('Start recording').click();
    await expect.element(button('Stop recording')).toBeVisible();
    expect(part(element, 'timer')!.textContent).toMatch(/0:0[12] left/);
    await expect.element(button('Send'), { timeout: 4000 }).toBeEnabled();
    await expect.element(page.getByText('Time is up. Recording stopped.')).toBeInTheDocument();
    await button('Send').click();
    await until(() => submitted.length === 1, 3000, 'submit event');
    expect(submitted[0]!.durationSeconds).toBeGreaterThan(1.5);
    expect(submitted[0]!.durationSeconds).toBeLessThanOrEqual(2);
  });

  it('refuses an empty take (WebKitGTK records no video here): says so, sends nothing, offers the other ways', async () => {
    // A recorder that hands out nothing, as WebKitGTK's video MediaRecorder does with Debian's GStreamer.
    recordNothing();
    const element = await mount();
    const unavailable = heard(element, 'reelback-recorder-unavailable');
    const submitted = heard(element, 'reelback-recorder-submit');
    await button('Start recording').click();
    await expect.element(button('Stop recording')).toBeVisible();
    // Longer than SHORTEST_TAKE_SECONDS: an empty take that long means this engine cannot record video.
    await sleep(1700);
    await button('Stop recording').click();
    await until(() => unavailable.length === 1, 4000, 'unavailable event');
    const message = 'Your recording came out empty: this browser cannot record video here. You can answer with audio or text instead.';
    expect(unavailable[0]).toEqual({ kind: 'video', message, kinds: ['video'] });
    await expect.element(page.getByRole('alert')).toHaveTextContent(message);
    expect(submitted).toEqual([]);
    expect(patches()).toEqual([]);
  });

  it('a take stopped at once with nothing recorded is "too short": back to the start, nothing sent, not "cannot record"', async () => {
    // Nothing recorded yet when the viewer stops: what any engine gives for a take stopped at once.
    recordNothing();
    const element = await mount();
    const unavailable = heard(element, 'reelback-recorder-unavailable');
    const submitted = heard(element, 'reelback-recorder-submit');
    await button('Start recording').click();
    await button('Stop recording').click();
    await expect.element(page.getByRole('alert')).toHaveTextContent('That was too short to keep. Press Start recording and speak for a few seconds.');
    await expect.element(button('Start recording')).toBeEnabled();
    await until(() => element.shadowRoot!.activeElement === part(element, 'record-button'), 2000, 'focus on Start recording');
    expect(unavailable).toEqual([]);
    expect(submitted).toEqual([]);
    expect(patches()).toEqual([]);
    // The camera is still on: the next take starts without asking again, and the message goes.
    vi.unstubAllGlobals();
    await button('Start recording').click();
    await expect.element(button('Stop recording')).toBeVisible();
    expect(page.getByRole('alert').elements()).toEqual([]);
  });

  it('"Record again" discards the previous clip; the next one gets a new clip id', async () => {
    const element = await mount({ kind: 'audio', countdownSeconds: 0 });
    const submitted = heard(element, 'reelback-recorder-submit');
    expect(part(element, 'preview')).toBeNull();
    await button('Start recording').click();
    await until(() => server.uploads.size === 1, 3000, 'first upload');
    await sleep(1200);
    // Hold the first clip's last PATCH: it must go away because it is discarded, not because it was sent.
    let release!: () => void;
    server.holdLast = new Promise((resolve) => (release = resolve));
    await button('Stop recording').click();
    const first = [...server.uploads.keys()][0]!;
    await until(async () => (await storedBytes(first)).length > 0, 3000, 'first stored');
    await button('Record again').click();
    await expect.element(button('Start recording')).toBeEnabled();
    await until(async () => (await storedRecord(first)) === undefined && (await storedBytes(first)).length === 0, 2000, 'first discarded');
    server.holdLast = null;
    release();
    // The server is told to delete the take (tus termination).
    await until(() => server.terminated.has(first), 3000, 'first terminated');

    await button('Start recording').click();
    await until(() => server.uploads.size === 2, 3000, 'second upload');
    await sleep(1100);
    await button('Stop recording').click();
    await button('Send').click();
    await until(() => submitted.length === 1, 3000, 'submit event');
    const second = [...server.uploads.keys()][1]!;
    expect(submitted).toEqual([{ clipId: second, kind: 'audio', durationSeconds: expect.any(Number) }]);
    expect(server.ticketRequests.map((r) => r.kind)).toEqual(['audio', 'audio']);
    expect(server.ticketRequests[0]!.mimeType).toMatch(/^audio\//);
  });

  it('says the camera is unavailable when permission is denied', async () => {
    vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockRejectedValue(new DOMException('Permission denied', 'NotAllowedError'));
    const unavailable: RecorderEventMap['reelback-recorder-unavailable']['detail'][] = [];
    document.addEventListener('reelback-recorder-unavailable', (event) => unavailable.push(event.detail), { once: true });
    await mount();
    await until(() => unavailable.length === 1, 3000, 'unavailable event');
    const message = 'We could not use your camera. You can answer with audio or text instead.';
    expect(unavailable[0]).toEqual({ kind: 'video', message, kinds: ['video'] });
    await expect.element(page.getByRole('alert')).toHaveTextContent(message);
    expect(server.ticketRequests).toEqual([]);
  });

  it('says so when there is no camera but a microphone', async () => {
    vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockRejectedValue(new DOMException('Requested device not found', 'NotFoundError'));
    vi.spyOn(navigator.mediaDevices, 'enumerateDevices').mockResolvedValue([
      { kind: 'audioinput', deviceId: 'mic', groupId: 'g', label: '', toJSON: () => ({}) } as MediaDeviceInfo,
    ]);
    const element = await mount();
    const unavailable = heard(element, 'reelback-recorder-unavailable');
    await until(() => unavailable.length === 1, 3000, 'unavailable event');
    expect(unavailable[0]!.message).toBe('We could not find a camera, but your microphone is there. You can answer with audio or text instead.');
    expect(unavailable[0]!.kinds).toEqual(['video']);
  });

  it('with no camera and no microphone, offers text only and says both recorded kinds cannot work', async () => {
    vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockRejectedValue(new DOMException('Requested device not found', 'NotFoundError'));
    vi.spyOn(navigator.mediaDevices, 'enumerateDevices').mockResolvedValue([]);
    const element = await mount();
    const unavailable = heard(element, 'reelback-recorder-unavailable');
    await until(() => unavailable.length === 1, 3000, 'unavailable event');
    expect(unavailable[0]).toEqual({
      kind: 'video',
      message: 'We could not find a camera or a microphone. You can answer with text instead.',
      kinds: ['video', 'audio'],
    });
  });

  it('"Back" stops the camera and dispatches cancel', async () => {
    const element = await mount();
    const cancelled = heard(element, 'reelback-recorder-cancel');
    await expect.element(button('Start recording')).toBeEnabled();
    const stream = (part(element, 'preview') as HTMLVideoElement).srcObject as MediaStream;
    await button('Back').click();
    expect(cancelled).toEqual([null]);
    expect(stream.getTracks().every((track) => track.readyState === 'ended')).toBe(true);
  });

  it('stops and shows the server’s message when the upload is refused (413)', async () => {
    server.maxBytes = 40_000;
    const element = await mount();
    await button('Start recording').click();
    await expect.element(page.getByRole('alert'), { timeout: 5000 }).toHaveTextContent('This recording is larger than the server accepts.');
    await expect.element(button('Send')).toBeDisabled();
    await expect.element(button('Record again')).toBeEnabled();
    expect(part(element, 'stop-button')).toBeNull();
  });

  it('offers the microphones once allowed; picking one restarts the preview on it', async () => {
    const element = await mount();
    await expect.element(button('Start recording')).toBeEnabled();
    const picker = page.getByRole('combobox', { name: 'Microphone' });
    await expect.element(picker).toBeEnabled();
    const select = picker.element() as HTMLSelectElement;
    expect(select.options.length).toBeGreaterThan(1);
    const before = (part(element, 'preview') as HTMLVideoElement).srcObject as MediaStream;
    const other = [...select.options].find((option) => !option.selected)!;
    await userEvent.selectOptions(select, other.value);
    await until(() => (part(element, 'preview') as HTMLVideoElement).srcObject !== before && !!(part(element, 'preview') as HTMLVideoElement).srcObject, 3000, 'new preview');
    const after = (part(element, 'preview') as HTMLVideoElement).srcObject as MediaStream;
    expect(after.getAudioTracks()[0]!.getSettings().deviceId).toBe(other.value);
    expect(before.getTracks().every((track) => track.readyState === 'ended')).toBe(true);
  });

  it('has no axe violations while ready and in review', async () => {
    await mount({ kind: 'audio' });
    await expect.element(button('Start recording')).toBeEnabled();
    expect(await violations()).toEqual([]);
    await button('Start recording').click();
    await sleep(1100);
    await button('Stop recording').click();
    await expect.element(button('Send')).toBeEnabled();
    expect(await violations()).toEqual([]);
  });
});
