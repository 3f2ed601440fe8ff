import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { type ClipInfo, type FlowDefinitionInput, type UploadTicket, uuidv7 } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../build.mjs';
import { parseConfig } from '../config/config.js';
import { type RunningServer, startServer } from '../start-server.js';
import { eventsFor } from '../test-support/fixtures.js';
import { freshDatabase } from '../test-support/fresh-database.js';
import { writePiped } from '../test-support/media-fixtures.js';
import { type ServerProcess, startServerProcess } from '../test-support/server-process.js';
import { startTestS3, type TestS3 } from '../test-support/test-s3.js';

const ADMIN_KEY = 'uploads-across-admin-key-0123456';
const MiB = 1024 * 1024;
const owner = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const takes = {
  name: 'Takes',
  steps: [
    { id: 'ask', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['video'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

/**
 * Resumable uploads across web processes: two built servers (`dist/main.js`, REELBACK_ROLE=web) on one fresh
 * PostgreSQL database and one S3 server keep uploads in progress in the bucket (@tus/s3-store) and lock them with
 * PostgreSQL advisory locks, so a process that never saw an upload takes it over — after the one that took its first
 * PATCHes was killed outright (SIGKILL), and after a dropped connection. The recording is ≈ 9 MB, so the upload
 * crosses S3's 5 MiB part minimum: a full part, then an incomplete part kept aside, then the last bytes.
 */
describe('tus uploads in the bucket, taken by any web process', () => {
  let db: { url: string; drop: () => Promise<void> };
  let s3: TestS3;
  let dir: string;
  let a: ServerProcess;
  let b: ServerProcess;
  let worker: RunningServer | undefined;
  let recording: Buffer;
  let flowId: string;

  const env = (name: string) => ({
    DATABASE_URL: db.url,
    HOST: '127.0.0.1',
    REELBACK_ROLE: name === 'worker' ? 'worker' : 'web',
    REELBACK_DATA_DIR: join(dir, name),
    REELBACK_ADMIN_KEY: ADMIN_KEY,
    REELBACK_TRANSCRIBER: 'off',
    REELBACK_DEMO: 'off',
    REELBACK_S3_BUCKET: s3.bucket,
    REELBACK_S3_ENDPOINT: s3.endpoint,
    REELBACK_S3_FORCE_PATH_STYLE: '1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
  });

  beforeAll(async () => {
    let built: { outdir: string };
    [db, s3, dir, built] = await Promise.all([freshDatabase('reelback_uploads'), startTestS3(), mkdtemp(join(tmpdir(), 'reelback-uploads-across-')), buildServer()]);
    // One after the other: the first migrates the fresh database.
    a = await startServerProcess(built.outdir, env('a'));
    b = await startServerProcess(built.outdir, env('b'));
    // Noise at a fixed high bit rate: a 3 s recording of ≈ 9 MB.
    const path = join(dir, 'answer.webm');
    await writePiped(path, [
      ...['-f', 'lavfi', '-i', 'testsrc2=s=640x360:r=15:d=3,noise=alls=60:allf=t', '-f', 'lavfi', '-i', 'sine=f=440:sample_rate=48000:d=3'],
      ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '24M', '-minrate', '24M', '-maxrate', '24M', '-bufsize', '24M', '-c:a', 'libopus', '-f', 'webm'],
    ]);
    recording = await readFile(path);
    expect(recording.length, 'the recording must cross one 5 MiB part and leave an incomplete one').toBeGreaterThan(8 * MiB);
    flowId = 'across-takes';
    expect((await fetch(`${a.url}/api/v1/flows`, { method: 'POST', headers: owner, body: JSON.stringify({ id: flowId, definition: takes }) })).status).toBe(201);
    expect((await fetch(`${a.url}/api/v1/flows/${flowId}/versions`, { method: 'POST', headers: owner })).status).toBe(201);
  }, 180_000);
  afterAll(async () => {
    for (const server of [a, b]) server?.child.kill('SIGTERM');
    await Promise.all([a?.exited, b?.exited]);
    await worker?.close();
    await s3?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A session on `base` and an upload ticket for its question. */
  async function ticketOn(base: string): Promise<{ sessionId: string; ticket: UploadTicket }> {
    const sessionId = uuidv7();
    const json = { 'content-type': 'application/json' };
    const started = await fetch(`${base}/api/v1/sessions`, { method: 'POST', headers: json, body: JSON.stringify({ flowId, sessionId, context: { embedMode: 'inline' } }) });
    expect(started.status, await started.clone().text()).toBe(201);
    const made = await fetch(`${base}/api/v1/sessions/${sessionId}/clips`, { method: 'POST', headers: json, body: JSON.stringify({ stepId: 'ask', kind: 'video' }) });
    expect(made.status, await made.clone().text()).toBe(201);
    return { sessionId, ticket: (await made.json()) as UploadTicket };
  }

  const tusHeaders = (ticket: UploadTicket) => ({ authorization: `Bearer ${ticket.token}`, 'tus-resumable': '1.0.0' });
  const uploadUrl = (base: string, ticket: UploadTicket) => `${new URL(ticket.uploadUrl, base).href}/${ticket.clipId}`;

  async function create(base: string, ticket: UploadTicket): Promise<void> {
    const created = await fetch(new URL(ticket.uploadUrl, base), {
      method: 'POST',
      headers: { ...tusHeaders(ticket), 'upload-length': String(recording.length), 'upload-metadata': `clipId ${Buffer.from(ticket.clipId).toString('base64')}` },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(created.headers.get('location')).toBe(new URL(uploadUrl(base, ticket)).pathname);
  }

  async function patch(base: string, ticket: UploadTicket, offset: number, end: number): Promise<number> {
    const patched = await fetch(uploadUrl(base, ticket), {
      method: 'PATCH',
      headers: { ...tusHeaders(ticket), 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(recording.subarray(offset, end)),
    });
    expect(patched.status, `PATCH ${offset}–${end} on ${base}: ${await patched.clone().text()}`).toBe(204);
    return Number(patched.headers.get('upload-offset'));
  }

  async function offsetOn(base: string, ticket: UploadTicket): Promise<number> {
    const head = await fetch(uploadUrl(base, ticket), { method: 'HEAD', headers: tusHeaders(ticket) });
    expect(head.status, `HEAD on ${base}`).toBe(200);
    expect(head.headers.get('upload-length')).toBe(String(recording.length));
    return Number(head.headers.get('upload-offset'));
  }

  /** The keys under the clip's folder in the bucket, and the bytes of its original if it is there. */
  async function inBucket(clipId: string): Promise<{ keys: string[]; original?: Uint8Array }> {
    const client = s3.client();
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `clips/${clipId}/` }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!.slice(`clips/${clipId}/`.length)).sort();
    if (!keys.includes('original')) return { keys };
    const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `clips/${clipId}/original` }));
    return { keys, original: await object.Body!.transformToByteArray() };
  }

  it('finishes on process B an upload whose first PATCHes process A took before it was killed (SIGKILL); a worker processes it', { timeout: 180_000 }, async () => {
    const { sessionId, ticket } = await ticketOn(a.url);
    await create(a.url, ticket);
    expect(await patch(a.url, ticket, 0, 6 * MiB)).toBe(6 * MiB);
    expect(await patch(a.url, ticket, 6 * MiB, 7 * MiB)).toBe(7 * MiB);
    // A full part in the multipart upload, the last MiB kept aside as an incomplete part: no object yet.
    expect((await inBucket(ticket.clipId)).keys).toEqual(['original.info', 'original.part']);

    a.child.kill('SIGKILL');
    expect(await a.exited).toBe('SIGKILL');

    expect(await offsetOn(b.url, ticket)).toBe(7 * MiB);
    expect(await patch(b.url, ticket, 7 * MiB, recording.length)).toBe(recording.length);
    // S3 assembled the parts under the clip's own key; tus's bookkeeping is gone; the bytes are the recording's.
    const stored = await inBucket(ticket.clipId);
    expect(stored.keys).toEqual(['original']);
    expect(sha256(stored.original!)).toBe(sha256(recording));
    // The record says complete: a HEAD after the hand-over answers from it.
    expect(await offsetOn(b.url, ticket)).toBe(recording.length);

    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const events = [e.started(), e.viewed('ask'), e.answered('ask', { kind: 'video', clipId: ticket.clipId, durationSeconds: 3 }, 'end')];
    const sent = await fetch(`${b.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    expect(((await sent.json()) as { rejected: unknown[] }).rejected).toEqual([]);
    // A worker started only now finds the job and the bytes in the bucket.
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    worker = await startServer({ ...parseConfig(env('worker')), adminKey: ADMIN_KEY, port: 0 }, { log: () => {} });
    await expect
      .poll(async () => ((await (await fetch(`${b.url}/api/v1/clips/${ticket.clipId}`, { headers: owner })).json()) as ClipInfo).status, { timeout: 90_000, interval: 250 })
      .toBe('ready');
  });

  it('resumes on the same process an upload whose PATCH lost its connection midway', { timeout: 120_000 }, async () => {
    const { ticket } = await ticketOn(b.url);
    await create(b.url, ticket);
    // A PATCH whose connection drops after 3 MiB of the body went out.
    const dropped = new AbortController();
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 3 * MiB) return dropped.abort();
        controller.enqueue(recording.slice(sent, (sent += 256 * 1024)));
      },
    });
    const cut = fetch(uploadUrl(b.url, ticket), {
      method: 'PATCH',
      headers: { ...tusHeaders(ticket), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body,
      duplex: 'half',
      signal: dropped.signal,
    } as RequestInit);
    await expect(cut).rejects.toThrow();
    // What the server kept of it (all, part or none of what went out) is where the upload goes on from.
    const offset = await offsetOn(b.url, ticket);
    expect(offset).toBeLessThanOrEqual(3 * MiB);
    expect(await patch(b.url, ticket, offset, recording.length)).toBe(recording.length);
    const stored = await inBucket(ticket.clipId);
    expect(stored.keys).toEqual(['original']);
    expect(sha256(stored.original!)).toBe(sha256(recording));
  });
});
