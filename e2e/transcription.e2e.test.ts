import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FlowDefinitionInput, TranscriptInfo } from '@reelback/shared';
import type { BrowserContext } from 'playwright-core';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { recordAtTheOpenQuestion, toTheOpenQuestion } from './support/demo-viewer.js';
import { clipApi } from './support/clip-api.js';
import { fakeMediaArgs, makeFakeMedia } from './support/fake-media.js';
import { type RunningServer, startReelbackServer } from './support/reelback-server.js';

const run = promisify(execFile);

/** PocketSphinx's words: lower case, no punctuation. */
const words = (sentence: string) => sentence.toLowerCase().replace(/[^a-z' ]/g, '').trim();

async function transcriptOf(server: RunningServer, clipId: string, until: (t: TranscriptInfo) => boolean, timeoutMs = 90_000): Promise<TranscriptInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${server.url}/api/v1/clips/${clipId}/transcript`, { headers: { authorization: `Bearer ${server.adminKey}` } });
    const body = res.ok ? ((await res.json()) as TranscriptInfo) : undefined;
    if (body && until(body)) return body;
    if (Date.now() > deadline) throw new Error(`transcript of ${clipId} not there: ${res.status} ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('real speech to text', () => {
  const SENTENCE = 'I wish my current tool had a faster board view.';
  let server: RunningServer;
  let browser: BrowserContext;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelback-speech-'));
    const grammar = join(dir, 'answers.gram');
    // The test sentences, and nothing else, can be heard: exact on espeak speech.
    await writeFile(
      grammar,
      `#JSGF V1.0;\ngrammar answers;\npublic <answer> = ${[SENTENCE, 'please add a dark mode', 'the board view is too slow'].map(words).join(' | ')};\n`,
    );
    const media = await makeFakeMedia(SENTENCE, 2.5);
    server = await startReelbackServer({ REELBACK_TRANSCRIBER: 'pocketsphinx', REELBACK_POCKETSPHINX_GRAMMAR: grammar });
    browser = await launchChromium({ extraArgs: fakeMediaArgs(media) });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('an answer spoken into the (fake) microphone comes back as its sentence', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/demo/`);
    await toTheOpenQuestion(page);
    // The WAV (2.5 s of silence, the sentence, 1 s of silence) started when the microphone opened: recording
    // from a moment later to before it loops holds the whole sentence once.
    await recordAtTheOpenQuestion(page, { kind: 'audio', seconds: 5 });

    const deadline = Date.now() + 20_000;
    let clipId: string | undefined;
    while (!clipId && Date.now() < deadline) {
      const [session] = await server.sessions('demo');
      const answer = session?.events.find((e) => e.event.type === 'reelback.answer.submitted')?.event.data as { answer?: { clipId?: string } } | undefined;
      clipId = answer?.answer?.clipId;
      if (!clipId) await new Promise((r) => setTimeout(r, 250));
    }
    expect(clipId).toBeDefined();
    const transcript = await transcriptOf(server, clipId!, (t) => t.status !== 'queued');
    expect(transcript).toMatchObject({ status: 'ready', engine: 'pocketsphinx', language: 'en' });
    expect(transcript.text).toBe(words(SENTENCE));
    const [session] = await server.sessions('demo');
    expect(session!.events.filter((e) => e.event.type === 'reelback.transcript.ready')).toHaveLength(1);
    await page.close();
  });
});

describe('a worker killed in the middle of a transcription', () => {
  const flow = {
    name: 'Long answers',
    steps: [
      { id: 'ask', prompt: { title: 'Tell us everything' }, answer: { type: 'open', kinds: ['audio'], maxDurationSeconds: 120 }, next: 'end' },
      { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
    ],
  } satisfies FlowDefinitionInput;
  // PocketSphinx without a grammar searches its whole language model: about real time here, long enough to kill.
  const ENV = { REELBACK_TRANSCRIBER: 'pocketsphinx', REELBACK_JOB_LEASE_SECONDS: '3', REELBACK_DEMO: '0' };
  let server: RunningServer;
  let dir: string;
  const api = clipApi(() => server);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelback-kill-transcribe-'));
    server = await startReelbackServer(ENV);
    await api.publishFlow('long', flow);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('completes once after the restart: one transcript, one transcript.ready', async () => {
    const speech = join(dir, 'speech.wav');
    const text = 'The board view is too slow when a project has many cards, and I would like a dark mode for the evenings. ';
    await run('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', speech, text.repeat(4)]);
    const answer = join(dir, 'answer.webm');
    await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', speech, '-c:a', 'libopus', '-f', 'webm', answer]);
    const bytes = await readFile(answer);

    const sessionId = await api.startSession('long');
    const ticket = await api.ticket(sessionId, 'ask', 'audio');
    await new Promise<void>((resolve, reject) => {
      new tus.Upload(bytes, {
        endpoint: `${server.url}${ticket.uploadUrl}`,
        headers: { authorization: `Bearer ${ticket.token}` },
        metadata: { clipId: ticket.clipId },
        onSuccess: () => resolve(),
        onError: reject,
      }).start();
    });
    await transcriptOf(server, ticket.clipId, (t) => t.job?.state === 'active', 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await transcriptOf(server, ticket.clipId, () => true)).status).toBe('queued');

    await server.crash();
    server = await startReelbackServer(ENV, server.dataDir, server.port);
    const done = await transcriptOf(server, ticket.clipId, (t) => t.status !== 'queued', 150_000);
    expect(done.status).toBe('ready');
    expect(done.text?.length).toBeGreaterThan(20);
    await new Promise((r) => setTimeout(r, 3000));
    const types = (await api.events(sessionId)).map((e) => e.type);
    expect(types).toEqual(['reelback.clip.uploaded', 'reelback.clip.processed', 'reelback.transcript.ready']);
  }, 240_000);
});
