import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AnswerItem, uuidv7 } from '@reelback/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { PROCESS_CLIP_QUEUE } from '../clips/clip-settings.js';
import type { ClipRecord } from '../ports/clip-store.js';
import type { Transcriber } from '../ports/transcriber.js';
import { eventsFor } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import { SseReader } from '../test-support/sse-reader.js';

const SAID = 'The zebra export is hidden in the third menu';

/** Hears the same sentence in every clip, at once. */
const transcriber: Transcriber = {
  engine: 'whisper',
  accuracyNote: null,
  check: async () => ({ ok: true }),
  transcribe: async () => ({ engine: 'whisper', model: 'fake', language: 'en', durationSeconds: 3, segments: [{ start: 0, end: 3, text: SAID }], text: SAID }),
};

const flow = {
  name: 'Recorded',
  steps: [
    { id: 'show', prompt: { title: 'Show us' }, answer: { type: 'open', kinds: ['video'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

/**
 * The media jobs tell the live stream: a transcript that becomes ready, and a clip the processing job rejects, each
 * produce `answer-updated` with the answer as it now is. (The admin key before any bootstrap: workspace null.)
 */
describe.each(storageFactories)('live updates from media jobs on $name', (factory) => {
  const t = useTestApp(factory, { transcriber });
  let stream: SseReader | undefined;
  afterAll(async () => stream?.close());

  async function recordedAnswer(flowId: string, clip: Omit<ClipRecord, 'id' | 'sessionId'>): Promise<{ answerId: string; clip: ClipRecord }> {
    const sessionId = uuidv7();
    expect((await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } })).status).toBe(201);
    const full: ClipRecord = { ...clip, id: `clp_live${uuidv7().replace(/-/g, '')}`, sessionId };
    await t.storage.clips.insert(full);
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const walk = [e.started(), e.viewed('show')];
    const answer = { ...e.viewed('show'), type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: 1, stepId: 'show', answer: { kind: 'video', clipId: full.id, durationSeconds: 3 }, nextStepId: 'end' } };
    const res = await t.request('POST', '/api/v1/events', { body: { events: [...walk, answer] } });
    expect(res.status, await res.clone().text()).toBe(202);
    return { answerId: answer.id, clip: full };
  }

  it('a transcript that becomes ready, and a clip rejected by processing, update the answer live', async () => {
    const flowId = uniqueFlowId('live-media');
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: flow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    const res = await t.request('GET', '/api/v1/answers/stream', { owner: true });
    stream = new SseReader(res.body!);
    await stream.next();

    const at = new Date().toISOString();
    const base = { stepId: 'show', kind: 'video' as const, reason: null, mimeType: 'video/webm', width: 64, height: 64, container: 'matroska,webm', createdAt: at, updatedAt: at };
    const wavFile = join(t.media.dir, 'live.wav');
    await writeFile(wavFile, 'RIFF not really a wav: the fake transcriber does not read it');
    const ready = await recordedAnswer(flowId, { ...base, status: 'ready', sizeBytes: 10, durationSeconds: 3, media: [] });
    const { sizeBytes } = await t.media.media.blobs.putFile(`clips/${ready.clip.id}/wav`, wavFile);
    const readyClip = { ...ready.clip, media: [{ rendition: 'wav' as const, key: `clips/${ready.clip.id}/wav`, contentType: 'audio/wav', sizeBytes }] };
    await t.storage.clips.transition(readyClip.id, ['ready'], { media: readyClip.media, updatedAt: at });
    expect((await stream.nextMessage()).event).toBe('answer');

    // Waits for an upload that never comes: the processing job finds no file and rejects the clip.
    const lost = await recordedAnswer(flowId, { ...base, status: 'uploading', sizeBytes: null, durationSeconds: null, media: [] });
    expect((await stream.nextMessage()).event).toBe('answer');

    await t.reelback.services.transcription.clipReady(readyClip);
    await t.media.media.queue.enqueue(PROCESS_CLIP_QUEUE, { clipId: lost.clip.id }, { singletonKey: lost.clip.id, maxAttempts: 1 });
    await t.media.media.queue.start();

    const updates = new Map<string, AnswerItem>();
    while (updates.size < 2) {
      const message = await stream.nextMessage(15_000);
      expect(message.event).toBe('answer-updated');
      const item = JSON.parse(message.data) as AnswerItem;
      updates.set(item.id, item);
    }
    expect(updates.get(ready.answerId)).toMatchObject({ clip: { id: ready.clip.id, status: 'ready' }, transcriptSnippet: SAID });
    expect(updates.get(lost.answerId)).toMatchObject({ clip: { id: lost.clip.id, status: 'rejected' }, transcriptSnippet: null });
  });
});
