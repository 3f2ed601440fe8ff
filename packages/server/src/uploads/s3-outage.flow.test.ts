import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { type FlowDefinitionInput, type UploadTicket, uuidv7 } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config.js';
import { type RunningServer, startServer } from '../start-server.js';
import { makeRecording } from '../test-support/media-fixtures.js';
import { S3_TEST_CREDENTIALS, startTestS3, type TestS3 } from '../test-support/test-s3.js';

const ADMIN_KEY = 's3-outage-admin-key-0123456';
const owner = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const flow = {
  name: 'Outage',
  steps: [
    { id: 'ask', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['video'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

/**
 * S3 unavailable in the middle of a tus upload kept in the bucket (#15, bad input): the PATCH sent while the S3
 * server is down fails without acknowledging its bytes, and once S3 is back the client does what a tus client does —
 * asks the offset (HEAD) and sends the rest from there — and the stored original is byte for byte the recording.
 */
describe('an upload in the bucket while S3 goes away and comes back', () => {
  let s3: TestS3;
  let dir: string;
  let server: RunningServer;
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  beforeAll(async () => {
    [s3, dir] = await Promise.all([startTestS3(), mkdtemp(join(tmpdir(), 'reelback-s3-outage-'))]);
    // The S3 client reads its credentials from the environment, as it would in production.
    process.env.AWS_ACCESS_KEY_ID = S3_TEST_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = S3_TEST_CREDENTIALS.secretAccessKey;
    const env = {
      REELBACK_DATA_DIR: join(dir, 'data'),
      HOST: '127.0.0.1',
      REELBACK_DEMO: 'off',
      REELBACK_TRANSCRIBER: 'off',
      REELBACK_KEEP_ORIGINALS: 'on',
      REELBACK_S3_BUCKET: s3.bucket,
      REELBACK_S3_ENDPOINT: s3.endpoint,
      REELBACK_S3_FORCE_PATH_STYLE: '1',
    };
    server = await startServer({ ...parseConfig(env), adminKey: ADMIN_KEY, port: 0 }, { env, log: () => {} });
    expect((await fetch(`${server.url}/api/v1/flows`, { method: 'POST', headers: owner, body: JSON.stringify({ id: 'outage', definition: flow }) })).status).toBe(201);
    expect((await fetch(`${server.url}/api/v1/flows/outage/versions`, { method: 'POST', headers: owner })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await s3?.close();
    for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('fails the PATCH sent during the outage, keeps what was acknowledged, and completes byte for byte after', { timeout: 120_000 }, async () => {
    const recording = await readFile(await makeRecording(join(dir, 'answer.webm'), { seconds: 2, codec: 'vp8' }));
    const json = { 'content-type': 'application/json' };
    const sessionId = uuidv7();
    const started = await fetch(`${server.url}/api/v1/sessions`, { method: 'POST', headers: json, body: JSON.stringify({ flowId: 'outage', sessionId, context: { embedMode: 'inline' } }) });
    expect(started.status, await started.clone().text()).toBe(201);
    const made = await fetch(`${server.url}/api/v1/sessions/${sessionId}/clips`, { method: 'POST', headers: json, body: JSON.stringify({ stepId: 'ask', kind: 'video' }) });
    expect(made.status, await made.clone().text()).toBe(201);
    const ticket = (await made.json()) as UploadTicket;
    const tus = { authorization: `Bearer ${ticket.token}`, 'tus-resumable': '1.0.0' };
    const url = `${new URL(ticket.uploadUrl, server.url).href}/${ticket.clipId}`;
    const created = await fetch(new URL(ticket.uploadUrl, server.url), {
      method: 'POST',
      headers: { ...tus, 'upload-length': String(recording.length), 'upload-metadata': `clipId ${Buffer.from(ticket.clipId).toString('base64')}` },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const patch = (offset: number, end: number) =>
      fetch(url, { method: 'PATCH', headers: { ...tus, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }, body: new Uint8Array(recording.subarray(offset, end)) });
    const offset = async () => {
      const head = await fetch(url, { method: 'HEAD', headers: tus });
      expect(head.status, 'HEAD once S3 is back').toBe(200);
      return Number(head.headers.get('upload-offset'));
    };

    const third = Math.floor(recording.length / 3);
    const first = await patch(0, third);
    expect(first.status, await first.clone().text()).toBe(204);
    expect(Number(first.headers.get('upload-offset'))).toBe(third);

    await s3.pause();
    const during = await patch(third, 2 * third);
    const said = await during.text();
    // A 5xx, never a 4xx: the widget gives up on a 4xx (packages/widget/src/upload/tus-client.ts `refused`) and
    // retries anything else with its back-off, which is what carries a recording over an outage.
    expect(during.status, `PATCH while S3 is down: ${said}`).toBeGreaterThanOrEqual(500);
    expect(during.headers.get('upload-offset'), 'no bytes acknowledged while S3 is down').toBeNull();
    await s3.resume();

    // What a tus client does after a failed PATCH: ask where the upload stands, send the rest from there.
    const resumeAt = await offset();
    expect(resumeAt, 'the bytes acknowledged before the outage are kept').toBeGreaterThanOrEqual(third);
    const last = await patch(resumeAt, recording.length);
    expect(last.status, await last.clone().text()).toBe(204);
    expect(Number(last.headers.get('upload-offset'))).toBe(recording.length);

    const object = await s3.client().send(new GetObjectCommand({ Bucket: s3.bucket, Key: `clips/${ticket.clipId}/original` }));
    expect(sha256(await object.Body!.transformToByteArray()), 'the stored original is the recording').toBe(sha256(recording));
  });
});
