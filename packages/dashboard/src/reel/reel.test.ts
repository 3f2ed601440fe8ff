// The reel page against msw answers and real media made with Debian's ffmpeg (clip-a.mp4 320×240 30 fps with a
// 440 Hz tone and clip-b.mp4 240×320 25 fps without sound, 2 s each; clip-c.m4a 1.5 s of AAC, an audio answer),
// made into a reel by the real ffmpeg.wasm single-thread core that vitest.config.ts serves at /app/ffmpeg/ as
// the server does.
import { http, HttpResponse } from 'msw';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { AnswerItem, TranscriptInfo } from '@reelback/shared';
import { violations } from '../test-support/axe.js';
import { FakeApi, startWorker, worker } from '../test-support/fake-api.js';
import { transcript } from '../test-support/fixtures.js';
import { deep, deepAll, mountApp, unmountApp } from '../test-support/mount.js';
import clipAUrl from './fixtures/clip-a.mp4?url';
import clipBUrl from './fixtures/clip-b.mp4?url';
import clipCUrl from './fixtures/clip-c.m4a?url';
import type { RbReelEditor } from './reel-editor.component.js';

function answer(id: string, over: Partial<AnswerItem> = {}): AnswerItem {
  const kind = over.kind ?? 'video';
  const recorded = kind === 'video' || kind === 'audio';
  return {
    id,
    sessionId: '0190f5e0-0000-7000-8000-000000000001',
    flowId: 'demo',
    flowVersion: 1,
    stepId: 'wish',
    kind,
    value: recorded ? { kind, clipId: `clp_${id}` } : { kind: 'text', text: 'typed' },
    text: recorded ? null : 'typed',
    clip: recorded ? { id: `clp_${id}`, status: 'ready', durationSeconds: 2.0, posterUrl: null } : null,
    transcriptSnippet: null,
    status: 'new',
    starred: false,
    tags: [],
    note: null,
    submittedAt: '2025-05-01T10:00:00.000Z',
    backlogItem: null,
    analysis: null,
    ...over,
  } as AnswerItem;
}

const XSS_LINE = '<img src=x onerror=alert(1)> & more';
let api: FakeApi;
let answers: Map<string, AnswerItem>;
let transcripts: Map<string, TranscriptInfo>;
let media: Map<string, ArrayBuffer | number>;
let clipA: ArrayBuffer;
let clipB: ArrayBuffer;
let clipC: ArrayBuffer;

beforeAll(async () => {
  await startWorker();
  clipA = await (await fetch(clipAUrl)).arrayBuffer();
  clipB = await (await fetch(clipBUrl)).arrayBuffer();
  clipC = await (await fetch(clipCUrl)).arrayBuffer();
});

beforeEach(() => {
  api = new FakeApi().install();
  api.signedIn = true;
  answers = new Map(
    [
      answer('ans_a', { transcriptSnippet: 'Alpha one. Alpha two.' }),
      answer('ans_b', { clip: { id: 'clp_ans_b', status: 'ready', durationSeconds: 2.0, posterUrl: '/api/v1/clips/clp_ans_b/media/poster' } }),
      answer('ans_c', { kind: 'audio', clip: { id: 'clp_ans_c', status: 'ready', durationSeconds: 1.5, posterUrl: null } }),
      answer('ans_text', { kind: 'text' }),
      answer('ans_busy', { clip: { id: 'clp_ans_busy', status: 'uploaded', durationSeconds: null, posterUrl: null } }),
    ].map((a) => [a.id, a]),
  );
  transcripts = new Map([
    ['clp_ans_a', transcript('clp_ans_a', [{ start: 0.2, end: 0.9, text: 'Alpha one.' }, { start: 1.0, end: 1.8, text: 'Alpha two.' }])],
    ['clp_ans_b', transcript('clp_ans_b', [{ start: 0.1, end: 1.0, text: XSS_LINE }])],
    ['clp_ans_c', transcript('clp_ans_c', [{ start: 0, end: 1.5, text: 'Charlie speaking.' }])],
  ]);
  media = new Map<string, ArrayBuffer | number>([
    ['clp_ans_a', clipA],
    ['clp_ans_b', clipB],
    ['clp_ans_c', clipC],
  ]);
  worker.use(
    http.get('/api/v1/answers/:answerId', ({ params }) => {
      const found = answers.get(String(params.answerId));
      return found ? HttpResponse.json(found) : HttpResponse.json({ error: { code: 'not-found', message: 'No such answer.' } }, { status: 404 });
    }),
    http.get('/api/v1/clips/:clipId/transcript', ({ params }) => {
      const found = transcripts.get(String(params.clipId));
      return found ? HttpResponse.json(found) : HttpResponse.json({ error: { code: 'not-found', message: 'No transcript.' } }, { status: 404 });
    }),
    http.get('/api/v1/clips/:clipId/media/poster', () => new HttpResponse(null, { status: 404 })),
    http.get('/api/v1/clips/:clipId/media/:rendition', ({ params }) => {
      // An audio answer has only an `audio` rendition, a video answer a `video` one.
      if ((params.clipId === 'clp_ans_c') !== (params.rendition === 'audio')) return new HttpResponse(null, { status: 404 });
      const body = media.get(String(params.clipId));
      if (typeof body === 'number') return new HttpResponse(null, { status: body });
      return body ? new HttpResponse(body.slice(0), { headers: { 'Content-Type': 'video/mp4' } }) : new HttpResponse(null, { status: 404 });
    }),
  );
});
afterEach(unmountApp);

async function openReel(ids: string[]) {
  const app = mountApp(`/app/reel?answers=${ids.join(',')}`);
  await expect.element(page.getByRole('heading', { name: 'Highlight reel' })).toBeVisible();
  const reel = () => deep<RbReelEditor>(app, 'rb-reel', 'rb-reel-editor')!;
  await expect.poll(() => reel()?.loading === false && (reel().parts.length > 0 || reel().leftOut.length > 0)).toBe(true);
  return { app, reel };
}

const partTitles = (app: Element) => deepAll(app, ['rb-reel', 'rb-reel-editor'], '.part h2').map((h) => h.textContent!.replace(/\s+/g, ' ').trim());

async function setRange(part: number, start: number, end: number) {
  const list = page.getByRole('list', { name: 'Parts of the reel' }).getByRole('listitem').nth(part);
  await list.getByLabelText('Start', { exact: true }).fill(String(start));
  await userEvent.keyboard('{Tab}');
  await list.getByLabelText('End', { exact: true }).fill(String(end));
  await userEvent.keyboard('{Tab}');
}

describe('highlight reel page', () => {
  it('lists the usable answers, says why the others are left out, and checks the ranges', async () => {
    const { app, reel } = await openReel(['ans_a', 'ans_text', 'ans_b', 'ans_busy', 'ans_gone']);
    expect(partTitles(app)).toEqual(['1. Video answer to “wish”', '2. Video answer to “wish”']);
    expect(reel().parts.map((p) => [p.answer.id, p.start, p.end])).toEqual([['ans_a', 0, 2], ['ans_b', 0, 2]]);
    const leftOut = deepAll(app, ['rb-reel', 'rb-reel-editor'], '.left-out li').map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(leftOut).toEqual([
      'text answer to “wish” can\'t be used: not a clip.',
      'video answer to “wish” can\'t be used: still processing.',
      "Answer ans_gone can't be used: not found (it may have been deleted).",
    ]);
    await expect.element(page.getByText('Reel length: 4 s (2 parts)')).toBeVisible();

    await setRange(0, 1, 3);
    await expect.element(page.getByText('End cannot be after the clip ends (2 s).')).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Make reel' })).toBeDisabled();
    await setRange(0, 1, 1.2);
    await expect.element(page.getByText('End must be at least 0.5 s after start.')).toBeVisible();
    // The transcript's sentences set the range too.
    const first = page.getByRole('list', { name: 'Parts of the reel' }).getByRole('listitem').first();
    await first.getByLabelText('Start at sentence').selectOptions('0:01 Alpha two.');
    await first.getByLabelText('End after sentence').selectOptions('0:01 Alpha two.');
    expect([reel().parts[0]!.start, reel().parts[0]!.end]).toEqual([1, 1.8]);
    await expect.element(page.getByRole('button', { name: 'Make reel' })).toBeEnabled();

    await page.getByRole('button', { name: 'Move down: part 1' }).click();
    expect(reel().parts.map((p) => p.answer.id)).toEqual(['ans_b', 'ans_a']);
    await expect.element(page.getByRole('button', { name: 'Move down: part 2' })).toBeDisabled();
    await page.getByRole('button', { name: 'Remove part 1' }).click();
    expect(reel().parts.map((p) => p.answer.id)).toEqual(['ans_a']);
    await expect.element(page.getByText('Reel length: 0.8 s (1 part)')).toBeVisible();
    expect(await violations()).toEqual([]);
  });

  it('makes one MP4 of the chosen ranges with the transcripts shifted onto it, and offers both files', { timeout: 90_000 }, async () => {
    const { app, reel } = await openReel(['ans_a', 'ans_b', 'ans_c']);
    await setRange(0, 0.5, 1.5); // clip-a, with sound: 1 s
    await setRange(1, 0, 1.2); // clip-b, standing, no sound: 1.2 s
    await setRange(2, 0.5, 1.5); // clip-c, sound only (over a plain frame): 1 s
    await page.getByRole('button', { name: 'Move up: part 2' }).click(); // clip-b first
    expect(reel().parts.map((p) => [p.answer.id, p.start, p.end])).toEqual([['ans_b', 0, 1.2], ['ans_a', 0.5, 1.5], ['ans_c', 0.5, 1.5]]);

    const stages = new Set<string>();
    const watch = setInterval(() => {
      if (reel().progress) stages.add(reel().progress!.stage);
      if (deep(app, 'rb-reel', 'rb-reel-editor', 'progress')) stages.add('<progress> shown');
    }, 20);
    const started = performance.now();
    await page.getByRole('button', { name: 'Make reel' }).click();
    await expect.poll(() => reel().result ?? reel().error, { timeout: 80_000, interval: 200 }).toBeTruthy();
    const video = deep<HTMLVideoElement>(app, 'rb-reel', 'rb-reel-editor', 'video')!;
    clearInterval(watch);
    console.info(`reel made in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(reel().error).toBeNull();
    expect([...stages]).toEqual(expect.arrayContaining(['fetching', 'loading', 'encoding', '<progress> shown']));

    // An MP4 with a mov_text (tx3g) transcript stream.
    const bytes = new Uint8Array(await (await fetch(video.src)).arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(4, 8))).toBe('ftyp');
    const text = new TextDecoder('latin1').decode(bytes);
    expect(text).toContain('tx3g');
    expect(text.indexOf('moov')).toBeLessThan(text.indexOf('mdat')); // faststart

    // The browser plays it, as long as the three ranges.
    await expect.poll(() => video.readyState, { timeout: 10_000 }).toBeGreaterThanOrEqual(HTMLMediaElement.HAVE_METADATA);
    expect(Math.abs(video.duration - 3.2)).toBeLessThanOrEqual(0.3);
    expect([video.videoWidth, video.videoHeight]).toEqual([240, 320]); // the first part's frame

    // The captions track: clip-b's line at 0.1–1.0, clip-a's from 0.5 s into it (at 1.2 s on the reel), clip-c's
    // from 0.5 s into it (at 2.2 s).
    const track = video.querySelector('track')!;
    await expect.poll(() => track.readyState, { timeout: 5_000 }).toBe(HTMLTrackElement.LOADED);
    const cues = [...track.track.cues!].map((c) => {
      const cue = c as VTTCue;
      return [Math.round(cue.startTime * 100) / 100, Math.round(cue.endTime * 100) / 100, cue.getCueAsHTML().textContent];
    });
    expect(cues).toEqual([
      [0.1, 1, XSS_LINE],
      [1.2, 1.6, 'Alpha one.'],
      [1.7, 2.2, 'Alpha two.'],
      [2.2, 3.2, 'Charlie speaking.'],
    ]);

    const links = deepAll<HTMLAnchorElement>(app, ['rb-reel', 'rb-reel-editor'], '.downloads a');
    expect(links.map((a) => a.textContent)).toEqual(['Download the reel (MP4)', 'Download the captions (WebVTT)']);
    expect(links[0]!.download).toMatch(/^reelback-reel-\d{4}-\d{2}-\d{2}-\d{4}\.mp4$/);
    expect(links[1]!.download).toMatch(/^reelback-reel-\d{4}-\d{2}-\d{2}-\d{4}\.vtt$/);
    expect(links[0]!.href).toBe(video.src);
    const vtt = await (await fetch(links[1]!.href)).text();
    expect(vtt).toContain('00:00:01.200 --> 00:00:01.600\nAlpha one.');
    expect(vtt).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; more');
    expect(await violations()).toEqual([]);
  });

  it('says plainly when a clip cannot be downloaded, and can be cancelled', async () => {
    media.set('clp_ans_b', 500);
    await openReel(['ans_a', 'ans_b']);
    await page.getByRole('button', { name: 'Make reel' }).click();
    await expect.element(page.getByRole('alert')).toHaveTextContent("Part 2's media could not be downloaded: the server answered 500.");
    await expect.element(page.getByRole('button', { name: 'Make reel' })).toBeEnabled();

    media.set('clp_ans_b', clipB);
    await page.getByRole('button', { name: 'Make reel' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.element(page.getByRole('alert')).toHaveTextContent('Cancelled: no reel was made.');
    await expect.element(page.getByRole('button', { name: 'Make reel' })).toBeEnabled();
    expect(deepAll(document.querySelector('rb-app')!, ['rb-reel', 'rb-reel-editor'], 'video')).toEqual([]);
  });
});
