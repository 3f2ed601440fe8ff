import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TranscriptInfo, type TranscriptionEngineStatus, type TranscriptionResult, uuidv7 } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipEvent } from '../../clips/clip-events.js';
import type { ClipRecord } from '../../ports/clip-store.js';
import { type Transcriber, TranscriberError } from '../../ports/transcriber.js';
import { storageFactories } from '../../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../../test-support/test-app.js';
import { checkModelFile } from '../models/index.js';
import { fakeEntry, makeFakeModel, type ModelServer, startModelServer } from '../../test-support/model-server.js';

const MODEL = makeFakeModel(64 * 1024);
const CATALOGUE = [fakeEntry('base.en', MODEL)];

/** Stands in for whisper.cpp: ready once the model file is there and the (fake) build ran; counts its runs per clip. */
class FakeWhisper implements Transcriber {
  readonly engine = 'whisper' as const;
  readonly accuracyNote = null;
  built = false;
  readonly runs = new Map<string, number>();
  /** Clips whose audio it cannot read (a final error): their PocketSphinx transcript stays. */
  readonly unreadable = new Set<string>();

  constructor(private readonly modelPath: () => string) {}

  async check() {
    if (!this.built) return { ok: false as const, reason: 'whisper.cpp main is not built' };
    const model = await checkModelFile(this.modelPath());
    return model.ok ? { ok: true as const } : { ok: false as const, reason: model.reason };
  }

  async transcribe(wavPath: string): Promise<TranscriptionResult> {
    const clipId = /clips\/([^/]+)\//.exec(wavPath)?.[1] ?? wavPath;
    this.runs.set(clipId, (this.runs.get(clipId) ?? 0) + 1);
    if ([...this.unreadable].some((id) => wavPath.includes(id))) throw new TranscriberError('unreadable audio', false);
    const text = 'the board view is too slow';
    return { engine: 'whisper', model: 'ggml-base.en.bin', language: 'en', durationSeconds: 2, segments: [{ start: 0, end: 2, text }], text };
  }
}

const flow = {
  name: 'Re-transcribed answers',
  steps: [
    { id: 'ask', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['video', 'audio'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

describe.each(storageFactories)('transcription engine setup on $name', (factory) => {
  let server: ModelServer;
  let dir: string;
  const builds: string[] = [];
  const whisper = new FakeWhisper(() => join(dir, 'models', 'ggml-base.en.bin'));
  // Before useTestApp's own hooks: the app is made with the model server's address.
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelback-engine-'));
    server = await startModelServer({ '/ggml-base.en.bin': MODEL });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const t = useTestApp(factory, {
    transcriptionEngine: () => ({
      mode: 'auto',
      env: { REELBACK_MODELS_DIR: join(dir, 'models'), REELBACK_MODELS_URL: server.url },
      builder: {
        build: async (onLine) => {
          builds.push('build');
          onLine('building whisper.cpp main');
          whisper.built = true;
        },
      },
      binaryHealth: async () => (whisper.built ? { ok: true } : { ok: false, reason: 'whisper.cpp main is not built' }),
      catalogue: CATALOGUE,
      fallbackAvailable: true,
      whisper,
    }),
  });
  const flowId = uniqueFlowId('retranscribe');
  const clips: Record<'plain' | 'edited' | 'unreadable', string> = { plain: '', edited: '', unreadable: '' };


  /** A ready clip with a WAV and a ready PocketSphinx transcript, as the first transcription left it. */
  async function pocketsphinxClip(sessionId: string, name: string): Promise<string> {
    const clipId = `clp_${name}${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
    const at = new Date().toISOString();
    const wav = join(t.media.dir, `${clipId}.wav`);
    await writeFile(wav, 'RIFF');
    const key = `clips/${clipId}/audio.wav`;
    await t.media.media.blobs.putFile(key, wav);
    const clip: ClipRecord = {
      id: clipId,
      sessionId,
      stepId: 'ask',
      kind: 'audio',
      status: 'ready',
      reason: null,
      mimeType: 'audio/webm',
      sizeBytes: 4,
      durationSeconds: 2,
      width: null,
      height: null,
      container: 'wav',
      media: [{ rendition: 'wav', key, contentType: 'audio/wav', sizeBytes: 4 }],
      createdAt: at,
      updatedAt: at,
    };
    await t.storage.clips.insert(clip);
    await t.storage.transcripts.queue({ clipId, sessionId, jobId: null, at });
    const session = (await t.storage.sessions.get(sessionId))!;
    const text = 'new dodge would respond nada';
    const result = { engine: 'pocketsphinx' as const, model: 'en-us (pocketsphinx)', language: 'en', durationSeconds: 2, segments: [{ start: 0, end: 2, text }], text, processingSeconds: 0.1 };
    expect(await t.storage.transcripts.complete(clipId, result, at, clipEvent('reelback.transcript.ready', session, clip, new Date(), result))).toBe(true);
    return clipId;
  }

  const status = async () => (await (await t.request('GET', '/api/v1/transcription', { owner: true })).json()) as TranscriptionEngineStatus;
  const transcript = async (clipId: string) => (await (await t.request('GET', `/api/v1/clips/${clipId}/transcript`, { owner: true })).json()) as TranscriptInfo;

  it('offers the default model while there is none, PocketSphinx serving meanwhile', async () => {
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: flow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    const sessionId = uuidv7();
    expect((await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } })).status).toBe(201);
    for (const name of ['plain', 'edited', 'unreadable'] as const) clips[name] = await pocketsphinxClip(sessionId, name);
    whisper.unreadable.add(clips.unreadable);
    const edit = await t.request('PUT', `/api/v1/clips/${clips.edited}/transcript`, { owner: true, body: { segments: [{ start: 0, end: 2, text: 'New dashboard would respond nicely.' }] } });
    expect(edit.status).toBe(200);

    const res = await t.request('GET', '/api/v1/transcription', { owner: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({
      engine: 'pocketsphinx',
      whisper: { model: null, built: false, ready: false },
      offer: { model: 'base.en', approxBytes: MODEL.length, source: new URL(server.url).origin },
      download: { state: 'idle' },
      build: { state: 'idle' },
    });
    expect(server.requests.at(-1)).toMatchObject({ path: '/ggml-base.en.bin' });
    expect((await t.request('GET', '/api/v1/transcription')).status).toBe(401);
    expect((await transcript(clips.plain)).accuracyNote).toMatch(/PocketSphinx/);
  });

  it('fetches the model with its checksum checked, builds whisper.cpp once, and transcribes PocketSphinx clips again, once each', async () => {
    await t.media.media.queue.start();
    const started = await t.request('POST', '/api/v1/transcription/model-downloads', { owner: true });
    expect(started.status).toBe(202);
    expect(((await started.json()) as TranscriptionEngineStatus).download).toMatchObject({ state: 'running', model: 'base.en' });
    await t.reelback.engineSetup.settled();

    expect(await status()).toMatchObject({
      engine: 'whisper',
      whisper: { model: 'base.en', built: true, ready: true, reason: null },
      offer: null,
      download: { state: 'done', model: 'base.en', receivedBytes: MODEL.length, totalBytes: MODEL.length, checksum: 'matched', error: null },
      build: { state: 'done', lastLine: 'building whisper.cpp main', error: null },
    });
    expect(builds).toHaveLength(1);

    await expect.poll(async () => (await transcript(clips.plain)).engine, { timeout: 20_000, interval: 50 }).toBe('whisper');
    const redone = await transcript(clips.plain);
    expect(redone).toMatchObject({ status: 'ready', text: 'the board view is too slow', accuracyNote: null });
    await expect.poll(() => whisper.runs.get(clips.unreadable) ?? 0, { timeout: 20_000, interval: 50 }).toBe(1);
    // An owner's edit wins; unreadable audio keeps the PocketSphinx words.
    expect((await transcript(clips.edited)).text).toBe('New dashboard would respond nicely.');
    expect(whisper.runs.get(clips.edited)).toBeUndefined();
    expect(await transcript(clips.unreadable)).toMatchObject({ engine: 'pocketsphinx', text: 'new dodge would respond nada' });

    // Whisper arriving again (a second announcement, a restart's sweep) enqueues nothing new: one job per clip, ever.
    expect(await t.reelback.retranscribe!.sweep()).toBe(0);
    expect(await t.reelback.retranscribe!.sweep()).toBe(0);
    expect(whisper.runs.get(clips.plain)).toBe(1);
    expect(whisper.runs.get(clips.unreadable)).toBe(1);

    const again = await t.request('POST', '/api/v1/transcription/model-downloads', { owner: true });
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(/model-present/);
  });
});
