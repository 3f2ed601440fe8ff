import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { measureMeanVolumeDb } from '@reelback/server';
import type { ClipInfo } from '@reelback/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { clipApi, sha256 } from './support/clip-api.js';
import { recordAtTheOpenQuestion, showTheInlinePlayer, toTheOpenQuestion } from './support/demo-viewer.js';
import { fakeMediaArgs, makeFakeMedia } from './support/fake-media.js';
import { type RunningServer, startReelbackServer } from './support/reelback-server.js';

const run = promisify(execFile);

declare global {
  interface Window {
    /** Every chunk any MediaRecorder on the page produced, in order: what was really recorded. */
    __recorded?: Blob[];
  }
}

/** Keeps a copy of each recorded chunk, outside the widget, so tests know the exact recorded bytes. */
const keepRecordedChunks = () => {
  const Original = window.MediaRecorder;
  window.__recorded = [];
  window.MediaRecorder = class extends Original {
    constructor(stream: MediaStream, options?: MediaRecorderOptions) {
      super(stream, options);
      this.addEventListener('dataavailable', (event) => window.__recorded!.push((event as BlobEvent).data));
    }
  } as typeof MediaRecorder;
};

const recordedSha256 = (page: Page) =>
  page.evaluate(async () => {
    const bytes = await new Blob(window.__recorded ?? []).arrayBuffer();
    const digest = await crypto.subtle.digest('SHA-256', bytes);
    return { size: bytes.byteLength, sha: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('') };
  });

const pendingClips = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('reelback-uploads');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('clips')) return resolve(0);
          const count = db.transaction('clips').objectStore('clips').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        };
      }),
  );

describe('recorded answers in the demo, with a fake camera and microphone', () => {
  let server: RunningServer;
  let browser: BrowserContext;
  const api = clipApi(() => server);

  beforeAll(async () => {
    const media = await makeFakeMedia();
    server = await startReelbackServer({ REELBACK_KEEP_ORIGINALS: '1' });
    browser = await launchChromium({ extraArgs: fakeMediaArgs(media) });
    await browser.addInitScript(keepRecordedChunks);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A page with a fresh viewer (no session, no pending uploads), up to the demo's open question. */
  async function toTheQuestion(): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${server.url}/demo/`);
    await page.evaluate(() => {
      localStorage.clear();
      indexedDB.deleteDatabase('reelback-uploads');
    });
    await page.reload();
    await toTheOpenQuestion(page);
    return page;
  }

  const record = (page: Page, seconds: number, during?: () => Promise<void>) =>
    recordAtTheOpenQuestion(page, { kind: 'video', seconds, ...(during ? { during } : {}) });

  /** The clip id of the newest demo session's recorded answer. */
  async function answeredClip(): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [session] = await server.sessions('demo');
      const answer = session?.events.find((e) => e.event.type === 'reelback.answer.submitted')?.event;
      const value = answer?.data as { answer?: { kind: string; clipId?: string } } | undefined;
      if (value?.answer?.clipId) return value.answer.clipId;
      if (Date.now() > deadline) throw new Error('no recorded answer arrived');
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /**
   * The clip is ready and the server kept exactly the recorded bytes. When it is not, the failure says whether the
   * bytes arrived intact and what ffmpeg found in them, so a flaky upload and a too-strict check can be told apart.
   */
  async function expectReadyAndIdentical(clipId: string, recorded: { size: number; sha: string }): Promise<ClipInfo> {
    const clip = await api.settle(clipId, undefined, 60_000);
    const original = await api.media(clipId, 'original');
    const received = { size: original.length, sha: sha256(original) };
    if (clip.status !== 'ready') {
      const path = join(server.dataDir, `${clipId}.bin`);
      await writeFile(path, original);
      const decode = await run('ffmpeg', ['-v', 'error', '-i', path, '-f', 'null', '-']).then(
        (r) => r.stderr,
        (e: { stderr?: string }) => e.stderr ?? String(e),
      );
      throw new Error(
        `clip ${clip.status}: ${clip.reason}; bytes identical to the recording: ${received.sha === recorded.sha} ` +
          `(${received.size} of ${recorded.size}); ffmpeg said: ${decode.slice(0, 1500) || '(nothing)'}`,
      );
    }
    expect(received).toEqual(recorded);
    return clip;
  }

  it('records 5 s, sends it, and the server holds a 5 s MP4 with audible sound', async () => {
    const page = await toTheQuestion();
    // Nothing the widget asks answers 404 (a HEAD of an upload before its creation did, in the host page's console).
    const notFound: string[] = [];
    page.on('response', (response) => void (response.status() === 404 && notFound.push(`${response.request().method()} ${response.url()}`)));
    await record(page, 5);
    const recorded = await recordedSha256(page);
    const clipId = await answeredClip();
    const clip = await expectReadyAndIdentical(clipId, recorded);
    expect(clip.kind).toBe('video');
    expect(clip.durationSeconds).toBeGreaterThan(4.5);
    // The stop is clicked after 5 s; on a busy machine the click lands a little later.
    expect(clip.durationSeconds).toBeLessThan(6);
    const mp4 = join(server.dataDir, 'downloaded.mp4');
    await writeFile(mp4, await api.media(clipId, 'video'));
    expect(await measureMeanVolumeDb(mp4)).toBeGreaterThan(-45);
    expect(clip.media.map((m) => m.contentType).sort()).toEqual(['audio/wav', 'image/jpeg', 'video/mp4', 'video/webm']);
    // Once the server has every byte, the player stops saying it is sending.
    await expect.poll(() => page.locator('#reelback-inline').getByText('Sending your recording').count(), { timeout: 20_000 }).toBe(0);
    expect(notFound).toEqual([]);
    await page.close();
  });

  it('keeps recording through a dropped network and the upload completes byte-identical', async () => {
    const page = await toTheQuestion();
    await record(page, 5, async () => {
      await page.waitForTimeout(1500);
      await browser.setOffline(true);
      await page.waitForTimeout(2000);
      await browser.setOffline(false);
    });
    const recorded = await recordedSha256(page);
    const clipId = await answeredClip();
    await expectReadyAndIdentical(clipId, recorded);
    await page.close();
  });

  // The PATCH held before the reload still reaches the server while the reloaded page resumes. When it lands during
  // the resumed last PATCH, that one ends early with what it sent, and its retry declared the upload's length a
  // second time, which the server refused with 400 and the clip stayed `uploading`: the server now takes the same
  // length again (clips.flow.test.ts has both cases without a browser).
  it('finishes an upload after the page is reloaded mid-way, from what the browser kept', async () => {
    const page = await toTheQuestion();
    // A slow connection: every upload request waits, so the upload is far behind the recording.
    await page.route('**/api/v1/uploads/**', async (route) => {
      await new Promise((r) => setTimeout(r, 4000));
      await route.continue().catch(() => undefined);
    });
    await record(page, 4);
    const recorded = await recordedSha256(page);
    expect(await pendingClips(page)).toBe(1);
    await page.unroute('**/api/v1/uploads/**');
    await page.reload();
    // The player carries on with the upload once its flow has loaded, which it does near the viewport.
    await showTheInlinePlayer(page);
    const clipId = await answeredClip();
    await expectReadyAndIdentical(clipId, recorded);
    // Confirmed by the server, so the browser let go of its copy.
    await expect.poll(() => pendingClips(page), { timeout: 20_000 }).toBe(0);
    await page.close();
  });
});
