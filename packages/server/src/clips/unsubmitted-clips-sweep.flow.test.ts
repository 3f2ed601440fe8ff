import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type ClipInfo, type FlowDefinitionInput, type UploadTicket, uuidv7 } from '@reelback/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventsFor } from '../test-support/fixtures.js';
import { makeRecording } from '../test-support/media-fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import { tusClient } from '../test-support/tus-client.js';
import { UnsubmittedClipsSweep } from './unsubmitted-clips-sweep.js';

const flow = {
  name: 'Takes left behind',
  steps: [
    { id: 'ask', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['video', 'audio'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

const HOUR = 3600 * 1000;

describe.each(storageFactories)('takes never submitted, once their ticket expired, on $name', (factory) => {
  const t = useTestApp(factory);
  const flowId = uniqueFlowId('unsubmitted');
  let recording: Uint8Array;
  let sessionId: string;

  beforeAll(async () => {
    recording = await readFile(await makeRecording(join(t.media.dir, 'take.webm'), { seconds: 1, codec: 'vp8' }));
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: flow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    sessionId = uuidv7();
    expect((await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } })).status).toBe(201);
    await t.media.media.queue.start();
  });

  async function ticket(): Promise<UploadTicket> {
    const res = await t.request('POST', `/api/v1/sessions/${sessionId}/clips`, { body: { stepId: 'ask', kind: 'video' } });
    expect(res.status).toBe(201);
    return (await res.json()) as UploadTicket;
  }
  const ready = (clipId: string) =>
    expect
      .poll(async () => ((await (await t.request('GET', `/api/v1/clips/${clipId}`, { owner: true })).json()) as ClipInfo).status, { timeout: 30_000, interval: 100 })
      .toBe('ready');
  const clipStatus = async (clipId: string) => (await t.request('GET', `/api/v1/clips/${clipId}`, { owner: true })).status;
  const exists = (path: string) => stat(path).then(() => true, () => false);
  /** The sweep as the server runs it, its clock `hours` after `since` (the test app's own clock made the clips). */
  const sweepAt = (since: number, hours: number) =>
    new UnsubmittedClipsSweep({
      clips: t.storage.clips,
      discard: (clipId) => t.reelback.services.clips.discard(clipId),
      clock: { now: () => new Date(since + hours * HOUR) },
      ticketLifetimeSeconds: t.reelback.services.clips.settings.ticketLifetimeSeconds,
      logError: (_message, error) => t.errors.push(error),
    }).sweep();

  it('deletes unsubmitted takes (processed or half uploaded) with their files, and keeps submitted ones and young ones', async () => {
    const submitted = await ticket();
    expect((await tusClient(t, submitted).upload(recording)).status).toBe(204);
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    // Ids are UUIDv7 made in call order, which is the order the server applies a batch in.
    const events = [e.started(), e.viewed('ask'), e.answered('ask', { kind: 'video', clipId: submitted.clipId, durationSeconds: 1 }, 'end')];
    const batch = await t.request('POST', '/api/v1/events', { body: { events } });
    const { rejected } = (await batch.json()) as { rejected: unknown[] };
    expect(rejected, JSON.stringify(rejected)).toEqual([]);

    const processed = await ticket();
    expect((await tusClient(t, processed).upload(recording)).status).toBe(204);
    const halfway = await ticket();
    const tus = tusClient(t, halfway);
    expect((await tus.create({ length: recording.length })).status).toBe(201);
    expect((await tus.patch(0, recording.subarray(0, 1000))).status).toBe(204);
    await ready(submitted.clipId);
    await ready(processed.clipId);
    expect(await t.media.media.blobs.stat(`clips/${processed.clipId}/video`)).toBeDefined();

    const { createdAt } = (await (await t.request('GET', `/api/v1/clips/${halfway.clipId}`, { owner: true })).json()) as ClipInfo;
    const since = Date.parse(createdAt);
    // Within the tickets' life nothing goes.
    expect(await sweepAt(since, 1)).toBe(0);
    expect(await clipStatus(processed.clipId)).toBe(200);

    expect(await sweepAt(since, 25)).toBe(2);
    expect(await clipStatus(processed.clipId)).toBe(404);
    expect(await clipStatus(halfway.clipId)).toBe(404);
    expect(await t.media.media.blobs.stat(`clips/${processed.clipId}/video`)).toBeUndefined();
    expect(await exists(join(t.media.media.uploadsDir, halfway.clipId))).toBe(false);
    // The submitted take is the owner's: it stays, with its media.
    expect(await clipStatus(submitted.clipId)).toBe(200);
    expect((await t.request('GET', `/api/v1/clips/${submitted.clipId}/media/video`, { owner: true })).status).toBe(200);
    // Nothing left to do the next time.
    expect(await sweepAt(since, 25)).toBe(0);
    expect(t.errors).toEqual([]);
  });
});
