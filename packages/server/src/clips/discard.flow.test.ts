import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type ClipInfo, type FlowDefinitionInput, type UploadTicket, uuidv7 } from '@reelback/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRecording } from '../test-support/media-fixtures.js';
import { eventsFor } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp, uniqueFlowId } from '../test-support/test-app.js';
import { tusClient } from '../test-support/tus-client.js';

const flow = {
  name: 'Takes',
  steps: [
    { id: 'ask', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['video', 'audio'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

describe.each(storageFactories)('a discarded take ("Record again") on $name', (factory) => {
  const t = useTestApp(factory);
  const flowId = uniqueFlowId('takes');
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

  const clipStatus = async (clipId: string) => (await t.request('GET', `/api/v1/clips/${clipId}`, { owner: true })).status;
  const exists = (path: string) => stat(path).then(() => true, () => false);

  it('ends an upload in progress (tus termination): the clip and its bytes are gone', async () => {
    const issued = await ticket();
    const tus = tusClient(t, issued);
    expect((await tus.create({ length: recording.length })).status).toBe(201);
    expect((await tus.patch(0, recording.subarray(0, 1000))).status).toBe(204);
    expect(await exists(join(t.media.media.uploadsDir, issued.clipId))).toBe(true);

    const res = await tus.terminate();
    expect(res.status).toBe(204);
    expect(res.headers.get('tus-resumable')).toBe('1.0.0');
    expect(await clipStatus(issued.clipId)).toBe(404);
    expect(await exists(join(t.media.media.uploadsDir, issued.clipId))).toBe(false);
    expect(await exists(join(t.media.media.uploadsDir, `${issued.clipId}.json`))).toBe(false);
    // Again: nothing there any more.
    expect((await tus.terminate()).status).toBe(404);
  });

  it('deletes a complete take with its renditions, and never lets it reach the inbox', async () => {
    const issued = await ticket();
    const tus = tusClient(t, issued);
    expect((await tus.upload(recording)).status).toBe(204);
    await expect.poll(async () => ((await (await t.request('GET', `/api/v1/clips/${issued.clipId}`, { owner: true })).json()) as ClipInfo).status, { timeout: 30_000, interval: 100 }).toBe('ready');
    expect((await t.request('GET', `/api/v1/clips/${issued.clipId}/media/video`, { owner: true })).status).toBe(200);

    expect((await tus.terminate()).status).toBe(204);
    expect(await clipStatus(issued.clipId)).toBe(404);
    expect(await t.media.media.blobs.stat(`clips/${issued.clipId}/video`)).toBeUndefined();
    expect((await t.request('GET', `/api/v1/sessions/${sessionId}/clips`, { owner: true }).then((r) => r.json())) as ClipInfo[]).not.toContainEqual(
      expect.objectContaining({ id: issued.clipId }),
    );
    const inbox = (await (await t.request('GET', `/api/v1/answers?flowId=${flowId}`, { owner: true })).json()) as { answers: { clip: { id: string } | null }[] };
    expect(inbox.answers.filter((a) => a.clip?.id === issued.clipId)).toEqual([]);
  });

  it('refuses to discard a take submitted with an answer, and anyone without its token', async () => {
    const issued = await ticket();
    const tus = tusClient(t, issued);
    expect((await tus.upload(recording)).status).toBe(204);
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const answer = { ...e.started(), type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: 1, stepId: 'ask', answer: { kind: 'video', clipId: issued.clipId, durationSeconds: 1 }, nextStepId: 'end' } };
    const batch = await t.request('POST', '/api/v1/events', { body: { events: [e.started(), e.viewed('ask'), { ...answer, id: uuidv7() }] } });
    expect(((await batch.json()) as { rejected: unknown[] }).rejected).toEqual([]);

    expect((await tusClient(t, issued, 'not-the-token').terminate()).status).toBe(403);
    const refused = await tus.terminate();
    expect(refused.status).toBe(409);
    expect(await refused.text()).toMatch(/submitted with an answer/);
    expect(await clipStatus(issued.clipId)).toBe(200);
  });
});
