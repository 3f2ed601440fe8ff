import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWorker } from '../test-support/fake-api.js';
import { FakeTusServer, sha256, storedBytes, until } from './fake-tus.js';
import { CLIPS, inStores, type StoredClip } from './upload-db.js';
import { UploadManager, uploads, WAITING_FOR_NETWORK, type ClipUpload } from './upload-manager.js';
import { resumePendingUploads, watchUploads, type UploadStatus } from './upload-status.js';

let server: FakeTusServer;
const managers: UploadManager[] = [];

beforeAll(() => startWorker());

beforeEach(async () => {
  server = new FakeTusServer().install();
  await inStores('readwrite', (clips, chunks) => {
    clips.clear();
    chunks.clear();
  });
});

afterEach(() => {
  for (const manager of managers.splice(0)) manager.dispose();
  for (const clip of [...uploads.clips]) clip.shutdown();
});

function manager(options: ConstructorParameters<typeof UploadManager>[0] = {}): UploadManager {
  const made = new UploadManager({ retryDelays: [0, 50, 100], pauseMs: 200, ...options });
  managers.push(made);
  return made;
}

function startClip(on: UploadManager): ClipUpload {
  return on.record({
    endpoint: location.origin,
    sessionId: 'ses_1',
    stepId: 'q1',
    kind: 'video',
    mimeType: 'video/webm',
    requestTicket: () => Promise.resolve(server.ticket()),
  });
}

/** Random bytes (as a MediaRecorder chunk would be). */
function chunk(size: number): Blob {
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, Math.min(size, at + 65536)));
  return new Blob([bytes], { type: 'video/webm' });
}

const concat = async (blobs: Blob[]) => new Uint8Array(await new Blob(blobs).arrayBuffer());
const storedRecord = (clipId: string) => inStores<StoredClip | undefined>('readonly', (clips) => clips.get(clipId));
const serverOffset = (clipId: string) => server.uploads.get(clipId)?.offset ?? 0;

/** Collects what watchUploads reports for one clip. */
function watch(): { last: (clipId: string) => UploadStatus | undefined; stop: () => void } {
  let latest: UploadStatus[] = [];
  const stop = watchUploads((statuses) => (latest = statuses));
  return { last: (clipId) => latest.find((s) => s.clipId === clipId), stop };
}

describe('upload manager (tus while recording)', () => {
  it('sends each chunk while recording, keeps it in IndexedDB first, sets the length at the end and forgets the clip once confirmed', async () => {
    const clip = startClip(manager());
    const blobs = [chunk(120_000), chunk(90_000), chunk(150_000)];
    for (const [n, blob] of blobs.entries()) {
      await clip.append(blob);
      const sent = blobs.slice(0, n + 1).reduce((sum, b) => sum + b.size, 0);
      await until(() => clip.clipId !== null && serverOffset(clip.clipId) === sent, 5000, `${sent} bytes on the server`);
    }
    const clipId = clip.clipId!;
    // Every PATCH so far left the length open; the recording is still going.
    expect(server.requests.filter((r) => r.method === 'PATCH').every((r) => r.length === null)).toBe(true);
    expect((await storedRecord(clipId))?.finished).toBe(false);

    let release!: () => void;
    server.holdLast = new Promise((resolve) => (release = resolve));
    const last = chunk(40_000);
    blobs.push(last);
    await clip.append(last);
    await clip.finish(3.2);
    const recorded = await concat(blobs);
    const stored = await storedBytes(clipId);
    expect(await sha256(stored)).toBe(await sha256(recorded));
    expect(await storedRecord(clipId)).toMatchObject({ clipId, endpoint: location.origin, kind: 'video', mimeType: 'video/webm', sessionId: 'ses_1', stepId: 'q1', finished: true, submitted: false, durationSeconds: 3.2 });

    const watcher = watch();
    expect(await clip.submit()).toBe(clipId);
    expect((await storedRecord(clipId))?.submitted).toBe(true);
    expect(watcher.last(clipId)).toMatchObject({ state: 'uploading', bytesTotal: recorded.length });
    // Not confirmed yet: the local copy stays.
    expect((await storedBytes(clipId)).length).toBe(recorded.length);
    release();
    await until(() => watcher.last(clipId)?.state === 'done', 5000, 'done');
    watcher.stop();
    expect(await sha256(server.bytes(clipId))).toBe(await sha256(recorded));
    expect(server.uploads.get(clipId)!.length).toBe(recorded.length);
    expect(server.requests.filter((r) => r.length !== null).map((r) => r.length)).toEqual([String(recorded.length)]);
    await until(async () => (await storedRecord(clipId)) === undefined, 2000, 'record deleted');
    expect((await storedBytes(clipId)).length).toBe(0);
    expect(watcher.last(clipId)).toMatchObject({ state: 'done', bytesSent: recorded.length, bytesTotal: recorded.length });
  });

  it('recovers from dropped connections mid-upload (the server keeps half a PATCH, or nothing) and the bytes still match', async () => {
    const clip = startClip(manager({ chunkSize: 64 * 1024 }));
    server.patchFailures.push('cut', 'network', 'cut', 'network');
    const blobs = [chunk(100_000), chunk(100_000), chunk(100_000)];
    for (const blob of blobs) await clip.append(blob);
    await clip.finish(3);
    const clipId = await clip.submit();
    await until(() => clip.state === 'done', 8000, 'done');
    expect(await sha256(server.bytes(clipId))).toBe(await sha256(await concat(blobs)));
    expect(server.patchFailures).toEqual([]);
    // After each of the four drops the client asked the server where to go on from (and never before creating it).
    expect(server.requests.filter((r) => r.method === 'HEAD').length).toBeGreaterThanOrEqual(4);
    expect(server.requests.filter((r) => r.method === 'HEAD' && r.offset === -1)).toEqual([]);
  });

  it('creates a new clip’s upload straight away: no HEAD of an upload that does not exist yet (no 404 in the page’s console)', async () => {
    const clip = startClip(manager());
    const blob = chunk(50_000);
    await clip.append(blob);
    await clip.finish(1);
    const clipId = await clip.submit();
    await until(() => clip.state === 'done', 5000, 'done');
    const calls = server.requests.filter((r) => r.clipId === clipId).map((r) => r.method);
    expect(calls).toEqual(['POST', 'PATCH']);
    // The fake server records offset -1 for a HEAD it answered 404.
    expect(server.requests.filter((r) => r.method === 'HEAD' && r.offset === -1)).toEqual([]);
  });

  it('goes on after a creation whose answer was lost (HEAD finds the upload; no second POST)', async () => {
    server.lostCreations = 1;
    const clip = startClip(manager());
    const blob = chunk(70_000);
    await clip.append(blob);
    await clip.finish(1);
    const clipId = await clip.submit();
    await until(() => clip.state === 'done', 5000, 'done');
    expect(server.requests.filter((r) => r.method === 'POST').length).toBe(1);
    expect(await sha256(server.bytes(clipId))).toBe(await sha256(await concat([blob])));
  });

  it('gives up with the server’s words when the clip keeps answering 409 (it moved on)', async () => {
    const clip = startClip(manager());
    await clip.append(chunk(20_000));
    await until(() => clip.clipId !== null && serverOffset(clip.clipId) === 20_000, 5000, 'first chunk');
    server.closed.add(clip.clipId!);
    await clip.append(chunk(20_000));
    await until(() => clip.state === 'failed', 5000, 'failed');
    expect(clip.message).toBe('This clip was already received; nothing more can be added.');
  });

  it('treats a 410 on the last PATCH as sent when a HEAD finds every byte on the server (issue #11)', async () => {
    const clip = startClip(manager({ retryDelays: [] }));
    const blobs = [chunk(40_000), chunk(30_000)];
    for (const blob of blobs) await clip.append(blob);
    await until(() => clip.clipId !== null && serverOffset(clip.clipId) === 70_000, 5000, 'every chunk');
    // The server takes the last PATCH (the length), then answers as if its file were gone (the job moved it meanwhile).
    server.patchFailures.push({ status: 410, message: 'Gone', stored: true });
    await clip.finish(2);
    const clipId = await clip.submit();
    await until(() => clip.state !== 'uploading', 5000, 'settled');
    expect([clip.state, clip.message]).toEqual(['done', 'Sent']);
    expect(await sha256(server.bytes(clipId))).toBe(await sha256(await concat(blobs)));
    expect(server.requests.at(-1)).toMatchObject({ method: 'HEAD', offset: 70_000 });
    await until(async () => (await storedRecord(clipId)) === undefined, 2000, 'record deleted');
  });

  it('treats a 409 as sent when the server has every byte: the last answer lost, the resume’s HEAD 410, the re-creation 409', async () => {
    const clip = startClip(manager({ retryDelays: [] }));
    const blob = chunk(30_000);
    await clip.append(blob);
    await until(() => clip.clipId !== null && serverOffset(clip.clipId) === 30_000, 5000, 'all bytes');
    // The last PATCH (the length) arrives but its answer does not; the resume's HEAD races the server's job (410),
    // so tus creates the upload again, which the server refuses: it has the clip already (409).
    server.patchFailures.push('lost');
    server.headsGone = 1;
    await clip.finish(1);
    const clipId = await clip.submit();
    await until(() => clip.state === 'done' || clip.state === 'failed', 5000, 'settled');
    expect([clip.state, clip.message]).toEqual(['done', 'Sent']);
    const calls = server.requests.filter((r) => r.clipId === clipId).map((r) => `${r.method} ${r.offset} ${r.length ?? ''}`.trim());
    expect(calls.slice(-4)).toEqual(['PATCH 30000 30000', 'HEAD 30000', 'POST 0', 'HEAD 30000']);
    expect(await sha256(server.bytes(clipId))).toBe(await sha256(await concat([blob])));
    await until(async () => (await storedRecord(clipId)) === undefined, 2000, 'record deleted');
  });

  it('ends with the server’s message on a 413, without retrying, and drops the local copy', async () => {
    server.maxBytes = 150_000;
    const clip = startClip(manager());
    const statuses: UploadStatus[] = [];
    clip.onchange = (status) => statuses.push(status);
    await clip.append(chunk(100_000));
    await clip.append(chunk(100_000));
    await until(() => clip.state === 'failed', 5000, 'failed');
    expect(clip.message).toBe('This recording is larger than the server accepts.');
    expect(statuses.at(-1)).toMatchObject({ state: 'failed', message: 'This recording is larger than the server accepts.' });
    const patches = () => server.requests.filter((r) => r.method === 'PATCH').length;
    const atFailure = patches();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(patches()).toBe(atFailure);
    // No HEAD at all: a new clip's upload is created straight away, and a refusal is not retried.
    expect(server.requests.filter((r) => r.method === 'HEAD').length).toBe(0);
    await until(async () => (await storedRecord(clip.clipId!)) === undefined, 2000, 'record deleted');
    await expect(clip.submit()).rejects.toThrow('This recording is larger than the server accepts.');
  });

  it('pauses when the browser goes offline ("Waiting for the network") and goes on when it is back', async () => {
    const clip = startClip(manager());
    await clip.append(chunk(50_000));
    await until(() => clip.clipId !== null && serverOffset(clip.clipId) === 50_000, 5000, 'first chunk');
    dispatchEvent(new Event('offline'));
    expect(clip.status()).toMatchObject({ state: 'paused', message: WAITING_FOR_NETWORK });
    await clip.append(chunk(60_000));
    await clip.finish(2);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(serverOffset(clip.clipId!)).toBe(50_000);
    dispatchEvent(new Event('online'));
    await until(() => clip.state === 'done', 5000, 'done');
    expect(serverOffset(clip.clipId!)).toBe(110_000);
  });

  it('re-record: discarding a clip stops its upload and deletes its chunks', async () => {
    const clip = startClip(manager());
    await clip.append(chunk(30_000));
    await until(() => clip.clipId !== null && serverOffset(clip.clipId) === 30_000, 5000, 'first chunk');
    const clipId = clip.clipId!;
    expect((await storedBytes(clipId)).length).toBe(30_000);
    await clip.discard();
    await clip.append(chunk(30_000)).catch(() => undefined);
    expect(await storedRecord(clipId)).toBeUndefined();
    expect((await storedBytes(clipId)).length).toBe(0);
    // The server is told (tus termination), so it deletes the take; nothing more is sent for it.
    await until(() => server.requests.some((r) => r.method === 'DELETE' && r.clipId === clipId), 5000, 'the DELETE');
    expect(server.requests.filter((r) => r.clipId === clipId && r.method === 'PATCH').length).toBeGreaterThan(0);
    expect(server.requests.filter((r) => r.clipId === clipId && r.method === 'DELETE')).toHaveLength(1);
  });

  it('resumePendingUploads after a reload finishes a submitted clip from the server’s offset with the stored bytes', async () => {
    // The first page: quick retries off, so the cut connection leaves the upload paused half-way.
    const before = manager({ retryDelays: [], pauseMs: 60_000 });
    const clip = startClip(before);
    const blobs = [chunk(100_000), chunk(100_000)];
    await clip.append(blobs[0]!);
    await until(() => clip.clipId !== null && serverOffset(clip.clipId) === 100_000, 5000, 'first chunk');
    server.patchFailures.push('cut');
    await clip.append(blobs[1]!);
    await until(() => clip.state === 'paused', 5000, 'paused');
    await clip.finish(4);
    const clipId = await clip.submit();
    expect(serverOffset(clipId)).toBe(150_000);
    before.dispose(); // the page goes away; IndexedDB stays

    const watcher = watch();
    const requestsBefore = server.requests.length;
    // The next page load (the page's own manager, reading IndexedDB).
    await resumePendingUploads(location.origin + '/');
    await until(() => watcher.last(clipId)?.state === 'done', 5000, 'done');
    watcher.stop();
    const after = server.requests.slice(requestsBefore);
    expect(after.map((r) => [r.method, r.offset])).toEqual([
      ['HEAD', 150_000],
      ['PATCH', 150_000],
    ]);
    expect(after[1]!.length).toBe('200000');
    expect(await sha256(server.bytes(clipId))).toBe(await sha256(await concat(blobs)));
    await until(async () => (await storedRecord(clipId)) === undefined, 2000, 'record deleted');
  });

  it('keeps a take from its first chunk while its ticket fails, and the reloaded page asks again and sends the same bytes', async () => {
    const before = manager();
    let asked = 0;
    const clip = before.record({
      endpoint: location.origin,
      sessionId: 'ses_1',
      stepId: 'q1',
      kind: 'audio',
      mimeType: 'audio/mp4',
      requestTicket: () => {
        asked++;
        return Promise.reject(new Error('We could not reach the server. Check your connection and try again.'));
      },
    });
    const blobs = [chunk(40_000), chunk(30_000)];
    await clip.append(blobs[0]!);
    // Kept from the first chunk, under a local key (no clip id yet), with what a later page needs to ask again.
    const [kept] = await inStores<StoredClip[]>('readonly', (clips) => clips.getAll());
    expect(kept, 'a record after the first chunk').toMatchObject({ ticket: null, endpoint: location.origin, sessionId: 'ses_1', stepId: 'q1', kind: 'audio', submitted: false });
    expect(kept!.clipId).toMatch(/^local:/);
    await clip.append(blobs[1]!);
    await clip.finish(2.5);
    expect(await sha256(await storedBytes(kept!.clipId))).toBe(await sha256(await concat(blobs)));
    // Send: the ticket is asked again and fails again; the take stays, to be sent.
    await expect(clip.submit()).rejects.toThrow('could not reach');
    expect(asked).toBe(2);
    expect(await storedRecord(kept!.clipId)).toMatchObject({ submitted: true, finished: true, durationSeconds: 2.5, ticket: null });
    before.dispose(); // the page reloads; IndexedDB stays
    expect(server.uploads.size).toBe(0);

    const watcher = watch();
    await resumePendingUploads(location.origin);
    await until(() => server.ticketRequests.length === 1, 5000, 'the ticket asked again');
    expect(server.ticketRequests[0]).toEqual({ stepId: 'q1', kind: 'audio', mimeType: 'audio/mp4' });
    await until(() => [...server.uploads.values()].some((u) => u.length !== null && u.offset === u.length), 5000, 'the whole take on the server');
    const [clipId] = [...server.uploads.keys()];
    await until(() => watcher.last(clipId!)?.state === 'done', 5000, 'done');
    watcher.stop();
    expect(await sha256(server.bytes(clipId!))).toBe(await sha256(await concat(blobs)));
    // Nothing is left behind, under either key.
    await until(async () => (await inStores<number>('readonly', (clips) => clips.count())) === 0, 2000, 'records deleted');
    expect((await storedBytes(kept!.clipId)).length).toBe(0);
    expect((await storedBytes(clipId!)).length).toBe(0);
  });

  it('moves a take kept before its ticket to the clip id when the ticket comes, in one piece', async () => {
    let answer!: (ticket: ReturnType<FakeTusServer['ticket']>) => void;
    const clip = manager().record({
      endpoint: location.origin,
      sessionId: 'ses_1',
      stepId: 'q1',
      kind: 'video',
      mimeType: 'video/webm',
      requestTicket: () => new Promise((resolve) => (answer = resolve)),
    });
    const blobs = [chunk(20_000), chunk(25_000)];
    for (const blob of blobs) await clip.append(blob);
    const [kept] = await inStores<StoredClip[]>('readonly', (clips) => clips.getAll());
    expect(kept?.clipId).toMatch(/^local:/);
    const ticket = server.ticket();
    answer(ticket);
    await until(() => serverOffset(ticket.clipId) === 45_000, 5000, 'the early chunks on the server');
    expect(await storedRecord(kept!.clipId)).toBeUndefined();
    expect((await storedBytes(kept!.clipId)).length).toBe(0);
    expect(await sha256(await storedBytes(ticket.clipId))).toBe(await sha256(await concat(blobs)));
  });

  it('resumePendingUploads discards clips recorded but never submitted, unless this page still works on them', async () => {
    const gone = manager();
    const abandoned = startClip(gone);
    await abandoned.append(chunk(10_000));
    await abandoned.finish(1);
    await until(async () => (await storedRecord(abandoned.clipId ?? '')) !== undefined, 2000, 'stored');
    gone.dispose();
    const live = startClip(manager());
    await live.append(chunk(10_000));
    await until(async () => (await storedRecord(live.clipId ?? '')) !== undefined, 2000, 'stored');
    const other = { ...(await storedRecord(live.clipId!))!, clipId: 'clp_other_endpoint_0001', endpoint: 'https://elsewhere.example' };
    await inStores('readwrite', (clips) => void clips.put(other));

    await resumePendingUploads(location.origin);
    expect(await storedRecord(abandoned.clipId!)).toBeUndefined();
    expect((await storedBytes(abandoned.clipId!)).length).toBe(0);
    expect(await storedRecord(live.clipId!)).toBeDefined();
    expect(await storedRecord(other.clipId)).toBeDefined();
    expect(await inStores<number>('readonly', (clips) => clips.count())).toBe(2);
    expect(CLIPS).toBe('clips');
  });
});
