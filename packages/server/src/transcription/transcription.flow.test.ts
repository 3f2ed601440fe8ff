import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ClipInfo, type FlowDefinitionInput, type TranscriptInfo, type UploadTicket, uuidv7 } from '@reelback/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp, uniqueFlowId } from '../test-support/test-app.js';
import { tusClient } from '../test-support/tus-client.js';
import { PocketsphinxTranscriber } from './pocketsphinx/pocketsphinx-transcriber.js';

const run = promisify(execFile);
const SENTENCES = ['the board view is too slow', 'please add a dark mode'];

const flow = {
  name: 'Transcribed answers',
  transcriptLanguage: 'en',
  steps: [
    { id: 'ask', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['video', 'audio'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

/** A spoken answer as a browser would send it: espeak-ng speech in a WebM with a test picture. */
async function spokenWebm(dir: string, sentence: string, name: string): Promise<Buffer> {
  const wav = join(dir, `${name}.wav`);
  const webm = join(dir, `${name}.webm`);
  await run('espeak-ng', ['-v', 'en-us', '-s', '140', '-w', wav, sentence]);
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=160x120:r=10', '-i', wav, '-shortest',
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus', '-f', 'webm', webm]);
  return readFile(webm);
}

describe.each(storageFactories)('transcription on $name', (factory) => {
  const t = useTestApp(factory, { transcriber: new PocketsphinxTranscriber({ phrases: SENTENCES }) });
  const flowId = uniqueFlowId('transcribed');
  let clipIds: string[] = [];
  let sessionId: string;

  async function upload(bytes: Buffer): Promise<string> {
    const res = await t.request('POST', `/api/v1/sessions/${sessionId}/clips`, { body: { stepId: 'ask', kind: 'video' } });
    const ticket = (await res.json()) as UploadTicket;
    expect((await tusClient(t, ticket).upload(bytes)).status).toBe(204);
    return ticket.clipId;
  }

  async function transcript(clipId: string): Promise<TranscriptInfo> {
    for (let i = 0; i < 600; i++) {
      const res = await t.request('GET', `/api/v1/clips/${clipId}/transcript`, { owner: true });
      if (res.status === 200) {
        const body = (await res.json()) as TranscriptInfo;
        if (body.status !== 'queued') return body;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no transcript for ${clipId}`);
  }

  async function jobStateSettled(clipId: string): Promise<string | undefined> {
    let state: string | undefined;
    for (let i = 0; i < 100; i++) {
      const res = await t.request('GET', `/api/v1/clips/${clipId}/transcript`, { owner: true });
      state = ((await res.json()) as TranscriptInfo).job?.state;
      if (state !== 'active') return state;
      await new Promise((r) => setTimeout(r, 100));
    }
    return state;
  }

  beforeAll(async () => {
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: flow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    sessionId = uuidv7();
    await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } });
    await t.media.media.queue.start();
    clipIds = [];
    for (const [i, sentence] of SENTENCES.entries()) clipIds.push(await upload(await spokenWebm(t.media.dir, sentence, `s${i}`)));
  });

  it('transcribes each clip after its conversion, with timings, once', async () => {
    for (const [i, clipId] of clipIds.entries()) {
      const info = await transcript(clipId);
      expect(info).toMatchObject({ status: 'ready', engine: 'pocketsphinx', text: SENTENCES[i], error: null, editedAt: null, original: null });
      expect(info.accuracyNote).toMatch(/PocketSphinx/);
      expect(info.segments.length).toBeGreaterThan(0);
      expect(info.segments[0]!.start).toBeGreaterThanOrEqual(0);
      expect(info.segments.at(-1)!.end).toBeLessThanOrEqual((info.durationSeconds ?? 0) + 0.01);
      // The transcript is stored inside the job's handler; the queue marks the job completed just after.
      expect(await jobStateSettled(clipId)).toBe('completed');
      const clip = (await (await t.request('GET', `/api/v1/clips/${clipId}`, { owner: true })).json()) as ClipInfo;
      expect(clip.status).toBe('ready');
    }
    const res = await t.request('GET', `/api/v1/sessions/${sessionId}`, { owner: true });
    const types = ((await res.json()) as { events: { event: { type: string } }[] }).events.map((e) => e.event.type);
    expect(types.filter((type) => type === 'reelback.transcript.ready')).toHaveLength(2);
  }, 90_000); // two conversions and two transcriptions, on a machine that may be busy

  it('exports WebVTT and SRT, finds clips by their words, and keeps the original when edited', async () => {
    const [first] = clipIds as [string];
    const vtt = await t.request('GET', `/api/v1/clips/${first}/transcript.vtt`, { owner: true });
    expect(vtt.headers.get('content-type')).toMatch(/^text\/vtt/);
    expect(await vtt.text()).toMatch(/^WEBVTT\n\n\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}\nthe board view is too slow\n/);
    const srt = await (await t.request('GET', `/api/v1/clips/${first}/transcript.srt`, { owner: true })).text();
    expect(srt).toMatch(/^1\n\d\d:\d\d:\d\d,\d{3} --> /);

    const search = async (q: string) =>
      ((await (await t.request('GET', `/api/v1/transcripts/search?q=${encodeURIComponent(q)}`, { owner: true })).json()) as { hits: { clipId: string }[] }).hits.map((h) => h.clipId);
    expect(await search('board slow')).toEqual([first]);
    expect(await search('dark')).toEqual([clipIds[1]]);
    expect(await search('"; drop table transcripts; --')).toEqual([]);

    const edited = await t.request('PUT', `/api/v1/clips/${first}/transcript`, {
      owner: true,
      body: { segments: [{ start: 0, end: 2, text: 'The board view is far too slow.' }] },
    });
    expect(edited.status).toBe(200);
    const body = (await edited.json()) as TranscriptInfo;
    expect(body.text).toBe('The board view is far too slow.');
    expect(body.original?.text).toBe(SENTENCES[0]);
    expect(body.editedAt).not.toBeNull();
    expect(await search('far')).toEqual([first]);

    const backwards = await t.request('PUT', `/api/v1/clips/${first}/transcript`, { owner: true, body: { segments: [{ start: 2, end: 1, text: 'x' }] } });
    expect(backwards.status).toBe(422);
    expect((await t.request('GET', `/api/v1/clips/${first}/transcript`)).status).toBe(401);
  });
});
