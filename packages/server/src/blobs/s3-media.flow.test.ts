import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { type ClipInfo, type FlowDefinitionInput, type UploadTicket, uuidv7 } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRecording } from '../test-support/media-fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { startTestS3, type TestS3 } from '../test-support/test-s3.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import { tusClient } from '../test-support/tus-client.js';
import { S3BlobStore } from './s3-blob-store.js';

const flow = {
  name: 'S3 answers',
  steps: [
    { id: 'ask', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['video'], maxDurationSeconds: 10 }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

/**
 * A clip's whole life with its media in an S3 bucket (a real S3 server: s3rver): uploaded through tus, processed by
 * ffmpeg from a temporary copy, its renditions stored as objects under the configured prefix, served to the owner
 * whole and by range, and gone from the bucket when the viewer's session is deleted.
 */
describe.each(storageFactories)('clip media in an S3 bucket on $name', (factory) => {
  let s3: TestS3;
  const prefix = `tenant-${uuidv7().slice(-8)}/reelback`;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(() => s3?.close());
  const t = useTestApp(factory, { blobs: () => new S3BlobStore({ client: s3.client(), bucket: s3.bucket, prefix }) });
  const flowId = uniqueFlowId('s3');

  beforeAll(async () => {
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: flow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    await t.media.media.queue.start();
  });

  const objects = async (under: string) => {
    const listed = await s3.client().send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${prefix}/${under}` }));
    return (listed.Contents ?? []).map((o) => o.Key!.slice(prefix.length + 1)).sort();
  };

  it('stores a processed clip as objects, serves them by range, and deletes them with the session', async () => {
    const recording = await readFile(await makeRecording(join(t.media.dir, 'answer.webm'), { seconds: 1, codec: 'vp8' }));
    const sessionId = uuidv7();
    expect((await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } })).status).toBe(201);
    const made = await t.request('POST', `/api/v1/sessions/${sessionId}/clips`, { body: { stepId: 'ask', kind: 'video' } });
    expect(made.status, await made.clone().text()).toBe(201);
    const ticket = (await made.json()) as UploadTicket;
    expect((await tusClient(t, ticket).upload(recording)).status).toBe(204);

    let clip: ClipInfo | undefined;
    await expect
      .poll(
        async () => {
          clip = (await (await t.request('GET', `/api/v1/clips/${ticket.clipId}`, { owner: true })).json()) as ClipInfo;
          return clip.status;
        },
        { timeout: 60_000, interval: 100 },
      )
      .toBe('ready');
    const stored = await objects(`clips/${ticket.clipId}/`);
    expect(stored.length, `objects in the bucket: ${stored.join(', ')}`).toBeGreaterThanOrEqual(2);
    expect(stored.every((key) => key.startsWith(`clips/${ticket.clipId}/`))).toBe(true);

    const whole = await t.request('GET', `/api/v1/clips/${ticket.clipId}/media/video`, { owner: true });
    expect(whole.status).toBe(200);
    const bytes = new Uint8Array(await whole.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(1000);
    const ranged = await t.request('GET', `/api/v1/clips/${ticket.clipId}/media/video`, { owner: true, headers: { range: 'bytes=100-599' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-599/${bytes.length}`);
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(bytes.subarray(100, 600));

    const erased = await t.request('DELETE', `/api/v1/sessions/${sessionId}`, { owner: true });
    expect(erased.status, await erased.clone().text()).toBe(200);
    expect(await objects(`clips/${ticket.clipId}/`)).toEqual([]);
    expect((await t.request('GET', `/api/v1/clips/${ticket.clipId}/media/video`, { owner: true })).status).toBe(404);
  });
});

/**
 * REELBACK_S3_PRESIGNED_MEDIA: after the same access checks, the media route answers 302 to a short-lived presigned
 * GET of the object; the bucket then answers whole files and ranges itself, with the type the server would send.
 */
describe.each(storageFactories)('clip media by presigned redirect on $name', (factory) => {
  let s3: TestS3;
  const prefix = `tenant-${uuidv7().slice(-8)}/presigned`;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(() => s3?.close());
  const t = useTestApp(factory, { blobs: () => new S3BlobStore({ client: s3.client(), bucket: s3.bucket, prefix, presignSeconds: 120 }) });
  const flowId = uniqueFlowId('s3p');

  beforeAll(async () => {
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: flow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    await t.media.media.queue.start();
  });

  it('redirects the owner to the bucket, where Range gets 206; strangers and altered URLs get nothing', async () => {
    const recording = await readFile(await makeRecording(join(t.media.dir, 'answer.webm'), { seconds: 1, codec: 'vp8' }));
    const sessionId = uuidv7();
    expect((await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } })).status).toBe(201);
    const made = await t.request('POST', `/api/v1/sessions/${sessionId}/clips`, { body: { stepId: 'ask', kind: 'video' } });
    const ticket = (await made.json()) as UploadTicket;
    expect((await tusClient(t, ticket).upload(recording)).status).toBe(204);
    await expect
      .poll(async () => ((await (await t.request('GET', `/api/v1/clips/${ticket.clipId}`, { owner: true })).json()) as ClipInfo).status, { timeout: 60_000, interval: 100 })
      .toBe('ready');

    const path = `/api/v1/clips/${ticket.clipId}/media/video`;
    expect((await t.request('GET', path)).status, 'no credentials: no redirect').toBe(401);
    const redirected = await t.request('GET', path, { owner: true, headers: { range: 'bytes=100-599' } });
    expect(redirected.status, await redirected.clone().text()).toBe(302);
    expect(redirected.headers.get('cache-control')).toBe('private, no-store');
    const location = redirected.headers.get('location')!;
    expect(location.startsWith(`${s3.endpoint}/${s3.bucket}/${prefix}/clips/${ticket.clipId}/`), location).toBe(true);
    expect(new URL(location).searchParams.get('X-Amz-Expires')).toBe('120');

    const whole = await fetch(location);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toMatch(/^video\//);
    const bytes = new Uint8Array(await whole.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(1000);
    const ranged = await fetch(location, { headers: { range: 'bytes=100-599' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-599/${bytes.length}`);
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(bytes.subarray(100, 600));

    // The same URL made to look an hour older: past its lifetime, the bucket refuses it.
    const altered = new URL(location);
    const signedAt = altered.searchParams.get('X-Amz-Date')!;
    const hourEarlier = new Date(Date.UTC(+signedAt.slice(0, 4), +signedAt.slice(4, 6) - 1, +signedAt.slice(6, 8), +signedAt.slice(9, 11) - 1, +signedAt.slice(11, 13), +signedAt.slice(13, 15)));
    altered.searchParams.set('X-Amz-Date', hourEarlier.toISOString().replace(/[-:]|\.\d+/g, ''));
    expect((await fetch(altered)).status).toBe(403);
  });
});
