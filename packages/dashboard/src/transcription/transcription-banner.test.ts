import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { http, HttpResponse } from 'msw';
import type { TranscriptionEngineStatus } from '@reelback/shared';
import { violations } from '../test-support/axe.js';
import { startWorker, worker } from '../test-support/fake-api.js';
import { FakeSettings } from '../test-support/fake-settings.js';
import { deep, mountApp, unmountApp } from '../test-support/mount.js';
import type { RbTranscriptionBanner } from './transcription-banner.component.js';

const MB = 1024 * 1024;

function engine(over: Partial<TranscriptionEngineStatus> = {}): TranscriptionEngineStatus {
  return {
    engine: 'pocketsphinx',
    whisper: { model: null, built: false, ready: false, reason: 'There is no Whisper model yet.' },
    offer: { model: 'base.en', approxBytes: 142 * MB, source: 'https://huggingface.co' },
    download: { state: 'idle', model: null, receivedBytes: 0, totalBytes: null, checksum: null, error: null },
    build: { state: 'idle', startedAt: null, finishedAt: null, lastLine: null, error: null },
    ...over,
  };
}

/** The server as the banner meets it: each GET answers the next of `states` (the last one again once used up). */
class FakeEngine {
  states: TranscriptionEngineStatus[] = [engine()];
  gets = 0;
  posts: { csrf: string | null }[] = [];
  /** What the POST answers; the GETs after it go on with `states`. */
  afterPost: TranscriptionEngineStatus | { status: number; code: string; message: string } = engine();

  install(): this {
    worker.use(
      http.get('/api/v1/transcription', () => HttpResponse.json(this.states[Math.min(this.gets++, this.states.length - 1)])),
      http.post('/api/v1/transcription/model-downloads', ({ request }) => {
        this.posts.push({ csrf: request.headers.get('x-csrf-token') });
        const answer = this.afterPost;
        return 'code' in answer
          ? HttpResponse.json({ error: { code: answer.code, message: answer.message } }, { status: answer.status })
          : HttpResponse.json(answer, { status: 202 });
      }),
    );
    return this;
  }
}

let settings: FakeSettings;
let fake: FakeEngine;

beforeAll(() => startWorker());
beforeEach(() => {
  settings = new FakeSettings().install();
  settings.role = 'admin';
  fake = new FakeEngine().install();
});
afterEach(() => unmountApp());

const banner = (app: Element) => deep<RbTranscriptionBanner>(app, 'rb-transcription-banner')!;
const bannerText = (app: Element) => (banner(app).shadowRoot?.querySelector('.banner')?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('transcription banner (admins)', () => {
  it('offers the Whisper model while PocketSphinx transcribes, then shows the download and build progress and says when Whisper took over', async () => {
    const running = (received: number) =>
      engine({ offer: null, download: { state: 'running', model: 'base.en', receivedBytes: received, totalBytes: 142 * MB, checksum: null, error: null } });
    const building = engine({
      offer: null,
      whisper: { model: 'base.en', built: false, ready: false, reason: 'whisper.cpp main is not built' },
      download: { state: 'done', model: 'base.en', receivedBytes: 142 * MB, totalBytes: 142 * MB, checksum: 'matched', error: null },
      build: { state: 'running', startedAt: '2026-12-07T23:00:00.000Z', finishedAt: null, lastLine: 'make -j 2 main', error: null },
    });
    const ready = engine({
      engine: 'whisper',
      offer: null,
      whisper: { model: 'base.en', built: true, ready: true, reason: null },
      download: building.download,
      build: { ...building.build, state: 'done', finishedAt: '2026-12-07T23:01:00.000Z' },
    });
    const app = mountApp('/app/');
    await expect.element(page.getByRole('button', { name: 'Download the Whisper model' })).toBeVisible();
    expect(bannerText(app)).toContain('Answers are transcribed by PocketSphinx');
    expect(bannerText(app)).toContain('base.en (142 MB, from https://huggingface.co, checksum checked)');
    expect(await violations()).toEqual([]);

    banner(app).pollMs = 20;
    fake.afterPost = running(0);
    fake.states = [running(71 * MB), building, ready];
    fake.gets = 0;
    await page.getByRole('button', { name: 'Download the Whisper model' }).click();
    expect(fake.posts).toHaveLength(1);
    expect(fake.posts[0]!.csrf).toBeTruthy();
    await expect.poll(() => bannerText(app)).toContain('Whisper is ready');
    expect(fake.gets).toBe(3);
    expect(await violations()).toEqual([]);
  });

  it('shows the progress bar with the share downloaded (axe clean)', async () => {
    fake.states = [engine({ offer: null, download: { state: 'running', model: 'base.en', receivedBytes: 71 * MB, totalBytes: 142 * MB, checksum: null, error: null } })];
    const app = mountApp('/app/');
    await expect.poll(() => bannerText(app)).toContain('Downloading the Whisper model base.en: 50% (71 MB of 142 MB)');
    const bar = banner(app).shadowRoot!.querySelector('progress')!;
    expect([bar.max, bar.value]).toEqual([142 * MB, 71 * MB]);
    expect(await violations()).toEqual([]);
  });

  it('says why a download failed and offers to try again; says why the server refused to start one', async () => {
    fake.states = [engine({ download: { state: 'failed', model: 'base.en', receivedBytes: 10, totalBytes: 142 * MB, checksum: null, error: 'SHA-1 differs from the catalogue' } })];
    fake.afterPost = { status: 409, code: 'model-present', message: 'A Whisper model is there already (base.en).' };
    const app = mountApp('/app/');
    await expect.poll(() => bannerText(app)).toContain('The Whisper model could not be downloaded: SHA-1 differs from the catalogue');
    await page.getByRole('button', { name: 'Try the download again' }).click();
    await expect.poll(() => bannerText(app)).toContain('The download could not be started: A Whisper model is there already (base.en).');
  });

  it('says nothing when Whisper is ready, and is not there for owners and managers', async () => {
    fake.states = [engine({ engine: 'whisper', offer: null, whisper: { model: 'base.en', built: true, ready: true, reason: null } })];
    const app = mountApp('/app/');
    await expect.poll(() => fake.gets).toBe(1);
    expect(banner(app).shadowRoot!.querySelector('.banner')).toBeNull();
    unmountApp();

    fake.gets = 0;
    settings.role = 'owner';
    const other = mountApp('/app/');
    await expect.element(page.getByRole('link', { name: 'Answers' })).toBeVisible();
    expect(deep(other, 'rb-transcription-banner')).toBeNull();
    expect(fake.gets).toBe(0);
  });
});
