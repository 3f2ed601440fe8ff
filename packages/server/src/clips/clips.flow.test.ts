import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ClipInfo, type FlowDefinitionInput, type UploadTicket, uuidv7 } from '@reelback/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffmpeg, makePng, makeRecording, truncateCopy } from '../test-support/media-fixtures.js';
import { eventsFor } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp, uniqueFlowId } from '../test-support/test-app.js';
import { tusClient } from '../test-support/tus-client.js';

const recordedAnswerFlow = {
  name: 'Recorded answers',
  steps: [
    {
      id: 'ask',
      prompt: { title: 'What would you change?' },
      answer: { type: 'open', kinds: ['video', 'audio', 'text'], maxDurationSeconds: 10 },
      next: 'pick',
    },
    { id: 'pick', prompt: { title: 'Pick' }, answer: { type: 'choice', options: [{ id: 'a', label: 'A', next: 'voice' }] } },
    { id: 'voice', prompt: { title: 'Say it' }, answer: { type: 'open', kinds: ['audio'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

const LIMIT = 400_000;

describe.each(storageFactories)('recorded answers on $name', (factory) => {
  const t = useTestApp(factory, { clipSettings: { maxUploadBytes: LIMIT, maxClipsPerSession: 12 } });
  const flowId = uniqueFlowId('clips');
  let files: Record<'recording' | 'png' | 'text' | 'truncated' | 'huge' | 'big', Uint8Array>;

  beforeAll(async () => {
    const dir = t.media.dir;
    const recording = await makeRecording(join(dir, 'answer.webm'), { seconds: 2, codec: 'vp8' });
    await makePng(join(dir, 'still.png'));
    await writeFile(join(dir, 'notes.webm'), 'these are not the bytes you are looking for\n'.repeat(50));
    await truncateCopy(recording, join(dir, 'cut.webm'), { fraction: 0.5 });
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=5000x64:r=1:d=1', '-frames:v', '1', '-c:v', 'libx264', '-preset', 'ultrafast', join(dir, 'huge.mp4')]);
    files = {
      recording: await readFile(recording),
      png: await readFile(join(dir, 'still.png')),
      text: await readFile(join(dir, 'notes.webm')),
      truncated: await readFile(join(dir, 'cut.webm')),
      huge: await readFile(join(dir, 'huge.mp4')),
      big: new Uint8Array(LIMIT + 1),
    };
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: recordedAnswerFlow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    await t.media.media.queue.start();
  });

  async function startSession(): Promise<string> {
    const sessionId = uuidv7();
    const res = await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } });
    expect(res.status).toBe(201);
    return sessionId;
  }

  async function ticket(sessionId: string, body: Record<string, unknown> = { stepId: 'ask', kind: 'video' }): Promise<UploadTicket> {
    const res = await t.request('POST', `/api/v1/sessions/${sessionId}/clips`, { body });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as UploadTicket;
  }

  async function settled(clipId: string): Promise<ClipInfo> {
    for (let i = 0; i < 300; i++) {
      const clip = (await (await t.request('GET', `/api/v1/clips/${clipId}`, { owner: true })).json()) as ClipInfo;
      if (clip.status !== 'uploading' && clip.status !== 'uploaded') return clip;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`clip ${clipId} did not settle`);
  }

  async function sessionEvents(sessionId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
    const res = await t.request('GET', `/api/v1/sessions/${sessionId}`, { owner: true });
    return ((await res.json()) as { events: { event: { type: string; data: Record<string, unknown> } }[] }).events.map((e) => e.event);
  }

  it('takes a recording by tus, converts it once, and serves it with Range to owners only', async () => {
    const sessionId = await startSession();
    const issued = await ticket(sessionId, { stepId: 'ask', kind: 'video', mimeType: 'video/webm;codecs=vp8,opus' });
    expect(issued).toMatchObject({ uploadUrl: '/api/v1/uploads', maxBytes: LIMIT, maxDurationSeconds: 10 });

    const tus = tusClient(t, issued);
    const created = await tus.create();
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/uploads/${issued.clipId}`);
    const half = Math.floor(files.recording.length / 2);
    expect((await tus.patch(0, files.recording.subarray(0, half))).status).toBe(204);
    const head = await tus.head();
    expect(head.headers.get('upload-offset')).toBe(String(half));
    const done = await tus.patch(half, files.recording.subarray(half), { finalLength: files.recording.length });
    expect(done.status).toBe(204);

    const clip = await settled(issued.clipId);
    expect(clip).toMatchObject({ status: 'ready', reason: null, kind: 'video', stepId: 'ask', sessionId, width: 160, height: 120 });
    expect(clip.durationSeconds).toBeGreaterThan(1.7);
    expect(clip.durationSeconds).toBeLessThan(2.3);
    expect(clip.media.map((m) => m.rendition).sort()).toEqual(['poster', 'video', 'wav']);

    const video = await t.request('GET', `/api/v1/clips/${issued.clipId}/media/video`, { owner: true, headers: { range: 'bytes=0-99' } });
    expect(video.status).toBe(206);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    expect((await video.arrayBuffer()).byteLength).toBe(100);
    expect((await t.request('GET', `/api/v1/clips/${issued.clipId}/media/video`)).status).toBe(401);
    expect((await t.request('GET', `/api/v1/clips/${issued.clipId}/media/original`, { owner: true })).status).toBe(404);

    // A widget resuming after a reload learns the upload is complete, whatever happened to the bytes since.
    const again = await tus.head();
    expect([again.status, again.headers.get('upload-offset'), again.headers.get('upload-length')]).toEqual([
      200,
      String(files.recording.length),
      String(files.recording.length),
    ]);
    expect((await tus.patch(files.recording.length, new Uint8Array(1))).status).toBe(409);

    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const answer = { ...e.started(), type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: 1, stepId: 'ask', answer: { kind: 'video', clipId: issued.clipId, durationSeconds: 2 }, nextStepId: 'pick' } };
    const batch = await t.request('POST', '/api/v1/events', { body: { events: [e.started(), e.viewed('ask'), { ...answer, id: uuidv7() }] } });
    expect((await batch.json()).rejected).toEqual([]);

    const types = (await sessionEvents(sessionId)).map((event) => event.type);
    expect(types.filter((type) => type.startsWith('reelback.clip.'))).toEqual(['reelback.clip.uploaded', 'reelback.clip.processed']);
    expect(types.filter((type) => type === 'reelback.answer.submitted')).toHaveLength(1);
  });

  it('finishes an upload whose last PATCH was cut short: the resumed last PATCH may declare the same length again', async () => {
    // What the widget does after a reload (or a lost connection) during its last PATCH, which carried Upload-Length:
    // the server kept part of the body and the length; the resume sends the rest with Upload-Length once more.
    const sessionId = await startSession();
    const issued = await ticket(sessionId);
    const tus = tusClient(t, issued);
    expect((await tus.create()).status).toBe(201);
    const total = files.recording.length;
    const cut = Math.floor(total / 3);
    expect((await tus.patch(0, files.recording.subarray(0, cut), { finalLength: total })).status).toBe(204);
    const head = await tus.head();
    expect([head.headers.get('upload-offset'), head.headers.get('upload-length')]).toEqual([String(cut), String(total)]);
    // A different length is still refused, and changes nothing.
    expect((await tus.patch(cut, files.recording.subarray(cut), { finalLength: total + 1 })).status).toBe(400);
    const done = await tus.patch(cut, files.recording.subarray(cut), { finalLength: total });
    expect(done.status, await done.clone().text()).toBe(204);
    expect(await settled(issued.clipId)).toMatchObject({ status: 'ready', reason: null });
  });

  it('ends a PATCH a newer request for its upload took over with what arrived, and the upload goes on from there', async () => {
    // A page reloaded mid-PATCH: its old request still arrives while the reloaded page's resume is under way, and
    // @tus/server lets the newer request interrupt the one holding the upload's lock.
    const sessionId = await startSession();
    const issued = await ticket(sessionId);
    const tus = tusClient(t, issued);
    expect((await tus.create()).status).toBe(201);
    const head = files.recording.subarray(0, 1000);
    let finishBody!: () => void;
    const bodyHeld = new Promise<void>((resolve) => (finishBody = resolve));
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(head);
        await bodyHeld; // the rest never comes while the other request takes over
        controller.close();
      },
    });
    const slow = t.reelback.app.request(`${issued.uploadUrl}/${issued.clipId}`, {
      method: 'PATCH',
      headers: {
        'tus-resumable': '1.0.0',
        authorization: `Bearer ${issued.token}`,
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      },
      body,
      duplex: 'half',
    } as RequestInit);
    // Once the first bytes are in, a HEAD (the reloaded page's first request) asks for the lock.
    for (let i = 0; ; i++) {
      const probe = await readFile(join(t.media.dir, 'uploads', issued.clipId)).catch(() => new Uint8Array());
      if (probe.length >= head.length) break;
      if (i > 400) throw new Error('the first bytes never arrived');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const resumed = await tus.head();
    expect(resumed.status).toBe(200);
    const interrupted = await slow;
    finishBody();
    // Not a refusal (a client would give the upload up): the bytes so far, and their offset.
    expect([interrupted.status, interrupted.headers.get('upload-offset')], await interrupted.clone().text()).toEqual([204, String(head.length)]);
    // What arrived is kept: the client goes on from the server's offset and finishes.
    const offset = Number((await tus.head()).headers.get('upload-offset'));
    expect(offset).toBe(head.length);
    const done = await tus.patch(offset, files.recording.subarray(offset), { finalLength: files.recording.length });
    expect(done.status, await done.clone().text()).toBe(204);
    expect(await settled(issued.clipId)).toMatchObject({ status: 'ready' });
  });

  it.each([
    ['png', 'not a recording'],
    ['text', 'not a recording'],
    ['truncated', 'damaged or cut short'],
    ['huge', 'larger than the 3840-pixel limit'],
  ] as const)('rejects a %s upload with a clear reason, keeping the rest of the session', async (name, reason) => {
    const sessionId = await startSession();
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    await t.request('POST', '/api/v1/events', { body: { events: [e.started(), e.viewed('ask')] } });
    const issued = await ticket(sessionId);
    const last = await tusClient(t, issued).upload(files[name]);
    expect(last.status).toBe(204);
    const clip = await settled(issued.clipId);
    expect(clip.status).toBe('rejected');
    expect(clip.reason).toContain(reason);
    const events = await sessionEvents(sessionId);
    expect(events.map((event) => event.type)).toEqual(['reelback.session.started', 'reelback.step.viewed', 'reelback.clip.failed']);
    expect(events[2]?.data).toMatchObject({ clipId: issued.clipId, stage: 'check', reason: clip.reason });
  });

  it('rejects an empty upload', async () => {
    const sessionId = await startSession();
    const issued = await ticket(sessionId);
    expect((await tusClient(t, issued).upload(new Uint8Array(0))).status).toBe(201);
    expect(await settled(issued.clipId)).toMatchObject({ status: 'rejected', reason: expect.stringContaining('empty') });
  });

  it('refuses an upload over the limit, declared or streamed, and records why on the clip', async () => {
    const sessionId = await startSession();
    const declared = await ticket(sessionId);
    const res = await tusClient(t, declared).create({ length: LIMIT + 1 });
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/larger than the limit of 0 MB|larger than the limit/);
    expect(await settled(declared.clipId)).toMatchObject({ status: 'rejected', reason: expect.stringContaining('larger than the limit') });

    const streamed = await ticket(sessionId);
    const tus = tusClient(t, streamed);
    expect((await tus.create()).status).toBe(201);
    expect((await tus.patch(0, files.big)).status).toBe(413);
    expect((await settled(streamed.clipId)).status).toBe('rejected');
  });

  it('refuses uploads without the right token, and tickets for steps that take no such answer', async () => {
    const sessionId = await startSession();
    const mine = await ticket(sessionId);
    const other = await ticket(await startSession());
    // Another session's token, used on my clip: refused; and my token on another clip id.
    expect((await tusClient(t, mine, other.token).create()).status).toBe(403);
    expect((await tusClient(t, mine).create({ clipId: other.clipId })).status).toBe(403);
    const anonymous = await t.reelback.app.request(mine.uploadUrl, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-defer-length': '1', 'upload-metadata': `clipId ${Buffer.from(mine.clipId).toString('base64')}` },
    });
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toMatch(/upload token/);

    const wrongKind = await t.request('POST', `/api/v1/sessions/${sessionId}/clips`, { body: { stepId: 'voice', kind: 'video' } });
    expect(wrongKind.status).toBe(422);
    expect((await wrongKind.json()).error.message).toMatch(/does not take video answers/);
    const choice = await t.request('POST', `/api/v1/sessions/${sessionId}/clips`, { body: { stepId: 'pick', kind: 'audio' } });
    expect(choice.status).toBe(422);
    const unknown = await t.request('POST', `/api/v1/sessions/${uuidv7()}/clips`, { body: { stepId: 'ask', kind: 'video' } });
    expect(unknown.status).toBe(404);
  });

  it('lets nothing without the clip\'s token touch the clip: an oversize creation naming it is refused before its size is read', async () => {
    const sessionId = await startSession();
    const victim = await ticket(sessionId);
    const other = await ticket(await startSession());
    const metadata = `clipId ${Buffer.from(victim.clipId).toString('base64')}`;
    const oversize = { 'tus-resumable': '1.0.0', 'upload-length': String(LIMIT * 1000), 'upload-metadata': metadata };
    const attempts = [
      await t.reelback.app.request(victim.uploadUrl, { method: 'POST', headers: oversize }),
      await t.reelback.app.request(victim.uploadUrl, { method: 'POST', headers: { ...oversize, authorization: `Bearer ${other.token}` } }),
      await t.reelback.app.request(victim.uploadUrl, { method: 'POST', headers: { ...oversize, authorization: 'Bearer v1.forged.1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' } }),
      await t.reelback.app.request(`${victim.uploadUrl}/${victim.clipId}`, {
        method: 'PATCH',
        headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'upload-length': String(LIMIT * 1000), 'content-type': 'application/offset+octet-stream' },
        body: new Blob([new Uint8Array(LIMIT + 1)]),
      }),
    ];
    expect(attempts.map((res) => res.status)).toEqual([403, 403, 403, 403]);
    const clip = (await (await t.request('GET', `/api/v1/clips/${victim.clipId}`, { owner: true })).json()) as ClipInfo;
    expect(clip).toMatchObject({ status: 'uploading', reason: null });
    expect((await sessionEvents(sessionId)).map((event) => event.type)).not.toContain('reelback.clip.failed');
    // The viewer's own upload still works.
    expect((await tusClient(t, victim).upload(files.recording)).status).toBe(204);
    expect((await settled(victim.clipId)).status).toBe('ready');
  });

  it('answers a malformed clip id in a tus URL with a 400 naming it, and another tus version with 412 and Tus-Version', async () => {
    for (const method of ['PATCH', 'HEAD']) {
      const res = await t.reelback.app.request('/api/v1/uploads/%E0%A4%A', { method, headers: { 'tus-resumable': '1.0.0', authorization: 'Bearer x' } });
      expect(res.status, method).toBe(400);
      expect(res.headers.get('tus-resumable')).toBe('1.0.0');
      if (method === 'PATCH') expect(await res.text()).toMatch(/^clipId \(in the path\) is not valid percent-encoding/);
    }
    const issued = await ticket(await startSession());
    const old = await t.reelback.app.request(issued.uploadUrl, {
      method: 'POST',
      headers: { 'tus-resumable': '0.2.2', 'upload-defer-length': '1', authorization: `Bearer ${issued.token}`, 'upload-metadata': `clipId ${Buffer.from(issued.clipId).toString('base64')}` },
    });
    expect([old.status, old.headers.get('tus-version')]).toEqual([412, '1.0.0']);
    expect((await tusClient(t, issued).create()).status).toBe(201);
  });

  it('answers a completed upload from the clip\'s record, even when its file is gone before the job ran (HEAD complete, PATCH 409)', async () => {
    const issued = await ticket(await startSession());
    const tus = tusClient(t, issued);
    const bytes = files.text.subarray(0, 1000);
    expect((await tus.create()).status).toBe(201);
    expect((await tus.patch(0, bytes, { finalLength: bytes.length })).status).toBe(204);
    // What the processing job does at any moment after the last byte: the upload's file leaves the upload folder.
    // Here it goes before the job could look (the job then finds nothing and rejects the clip): the answers must not
    // depend on the file either way.
    await rm(join(t.media.media.uploadsDir, issued.clipId), { force: true });
    await rm(join(t.media.media.uploadsDir, `${issued.clipId}.json`), { force: true });
    for (let i = 0; i < 3; i++) {
      const head = await tus.head();
      expect([head.status, head.headers.get('upload-offset'), head.headers.get('upload-length')], `HEAD #${i + 1}`).toEqual([200, '1000', '1000']);
      const patch = await tus.patch(bytes.length, new Uint8Array(1));
      expect([patch.status, await patch.text()], `PATCH #${i + 1}`).toEqual([409, 'This clip was already received; nothing more can be added.\n']);
    }
    await settled(issued.clipId);
    expect((await tus.head()).headers.get('upload-offset')).toBe('1000');
  });

  it('lets widgets on any site upload (CORS preflight with the tus headers)', async () => {
    const preflight = await t.reelback.app.request('/api/v1/uploads/clp_aaaaaaaaaaaaaaaa', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://customer.example',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,tus-resumable,upload-offset,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://customer.example');
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/PATCH/);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Upload-Offset/);
  });

  it('refuses an answer that names a clip of another session', async () => {
    const sessionId = await startSession();
    const foreign = await ticket(await startSession());
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const started = e.started();
    const viewed = e.viewed('ask');
    const answer = {
      ...e.viewed('ask'),
      type: 'reelback.answer.submitted',
      data: { sessionId, flowId, flowVersion: 1, stepId: 'ask', answer: { kind: 'video', clipId: foreign.clipId }, nextStepId: 'pick' },
    };
    const res = await t.request('POST', '/api/v1/events', { body: { events: [started, viewed, answer] } });
    const outcome = await res.json();
    expect(outcome.accepted).toEqual([started.id, viewed.id]);
    expect(outcome.rejected).toEqual([{ id: answer.id, reason: `clip "${foreign.clipId}" was not issued for this session and step` }]);
  });

  it('limits the clips of one session', async () => {
    const sessionId = await startSession();
    for (let i = 0; i < 12; i++) await ticket(sessionId, { stepId: 'voice', kind: 'audio' });
    const res = await t.request('POST', `/api/v1/sessions/${sessionId}/clips`, { body: { stepId: 'voice', kind: 'audio' } });
    expect(res.status).toBe(429);
    expect((await res.json()).error.message).toMatch(/12 recordings/);
  });
});
