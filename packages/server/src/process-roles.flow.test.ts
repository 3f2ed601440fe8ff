import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClipInfo, type FlowDefinitionInput, type UploadTicket, uuidv7 } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from './config/config.js';
import { type RunningServer, startServer } from './start-server.js';
import { eventsFor } from './test-support/fixtures.js';
import { type FreshDatabase, freshDatabase } from './test-support/fresh-database.js';
import { makeRecording } from './test-support/media-fixtures.js';
import { SseReader } from './test-support/sse-reader.js';
import { startTestS3, type TestS3 } from './test-support/test-s3.js';

const ADMIN_KEY = 'roles-test-admin-key-0123456';

const takes = {
  name: 'Takes',
  steps: [
    { id: 'ask', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['video'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

/**
 * REELBACK_ROLE on one PostgreSQL and one S3 bucket: a web process takes a viewer's upload and enqueues its
 * processing, a worker process (which serves nothing but its health checks) runs the job, and the web process
 * serves the result. Each process is the real server (`startServer`), as `npm start` runs it.
 */
describe('a web process and a worker process on one PostgreSQL and one bucket', () => {
  let db: FreshDatabase;
  let s3: TestS3;
  let dir: string;
  let web: RunningServer;
  let worker: RunningServer;

  beforeAll(async () => {
    [db, s3, dir] = await Promise.all([freshDatabase('reelback_roles'), startTestS3(), mkdtemp(join(tmpdir(), 'reelback-roles-'))]);
    const env = (role: string) => ({
      DATABASE_URL: db.url,
      HOST: '127.0.0.1',
      REELBACK_ROLE: role,
      REELBACK_DATA_DIR: join(dir, role),
      REELBACK_TRANSCRIBER: 'off',
      REELBACK_S3_BUCKET: s3.bucket,
      REELBACK_S3_ENDPOINT: s3.endpoint,
      REELBACK_S3_FORCE_PATH_STYLE: '1',
    });
    const config = (role: string) => ({ ...parseConfig(env(role)), adminKey: ADMIN_KEY, port: 0 });
    // The S3 client reads its credentials from the environment, as it would in production.
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    web = await startServer(config('web'), { log: () => {} });
    worker = await startServer(config('worker'), { log: () => {} });
  });
  afterAll(async () => {
    await web?.close();
    await worker?.close();
    await s3?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('the worker serves only its health checks', async () => {
    expect(worker.role).toBe('worker');
    expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${worker.url}/readyz`)).status).toBe(200);
    const api = await fetch(`${worker.url}/api/v1/flows/demo/published`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'worker' } });
    expect(worker.setup).toEqual({ pending: false });
    expect(web.setup.pending).toBe(true);
  });

  it('an upload taken by the web process is processed by the worker and served by the web process, whose live inbox hears it', { timeout: 90_000 }, async () => {
    const owner = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    const post = (path: string, body?: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
      fetch(`${web.url}${path}`, { method: 'POST', headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const flowId = 'roles-takes';
    expect((await post('/api/v1/flows', { id: flowId, definition: takes }, owner)).status).toBe(201);
    expect((await post(`/api/v1/flows/${flowId}/versions`, undefined, owner)).status).toBe(201);
    // An owner's live inbox on the web process (the worker will store what it hears about).
    const listening = new AbortController();
    const stream = await fetch(`${web.url}/api/v1/answers/stream`, { headers: { authorization: `Bearer ${ADMIN_KEY}` }, signal: listening.signal });
    expect(stream.status).toBe(200);
    const live = new SseReader(stream.body!);

    const recording = await readFile(await makeRecording(join(dir, 'answer.webm'), { seconds: 1, codec: 'vp8' }));
    const sessionId = uuidv7();
    const started = await post('/api/v1/sessions', { flowId, sessionId, context: { embedMode: 'inline' } });
    expect(started.status, await started.clone().text()).toBe(201);
    const made = await post(`/api/v1/sessions/${sessionId}/clips`, { stepId: 'ask', kind: 'video' });
    expect(made.status, await made.clone().text()).toBe(201);
    const ticket = (await made.json()) as UploadTicket;
    const uploadUrl = new URL(ticket.uploadUrl, web.url).href;
    const tus = { authorization: `Bearer ${ticket.token}`, 'tus-resumable': '1.0.0' };
    const created = await fetch(uploadUrl, {
      method: 'POST',
      headers: { ...tus, 'upload-length': String(recording.length), 'upload-metadata': `clipId ${Buffer.from(ticket.clipId).toString('base64')}` },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const patched = await fetch(`${uploadUrl}/${ticket.clipId}`, {
      method: 'PATCH',
      headers: { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: recording,
    });
    expect(patched.status, await patched.clone().text()).toBe(204);

    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const events = [e.started(), e.viewed('ask'), e.answered('ask', { kind: 'video', clipId: ticket.clipId, durationSeconds: 1 }, 'end')];
    const sent = await post('/api/v1/events', { events });
    expect(((await sent.json()) as { rejected: unknown[] }).rejected).toEqual([]);

    const reader = { authorization: `Bearer ${ADMIN_KEY}` };
    await expect
      .poll(async () => ((await (await fetch(`${web.url}/api/v1/clips/${ticket.clipId}`, { headers: reader })).json()) as ClipInfo).status, { timeout: 60_000, interval: 200 })
      .toBe('ready');
    // The worker made the clip ready; the web process's live inbox heard the answer change (LISTEN/NOTIFY).
    const heard: string[] = [];
    for (;;) {
      const message = await live.next(30_000);
      heard.push(message.event ?? message.comments.join(' '));
      if (message.event === 'answer-updated') break;
    }
    expect(heard).toContain('answer');
    listening.abort();
    const video = await fetch(`${web.url}/api/v1/clips/${ticket.clipId}/media/video`, { headers: { ...reader, range: 'bytes=0-99' } });
    expect(video.status).toBe(206);
    expect((await video.arrayBuffer()).byteLength).toBe(100);
  });
});
