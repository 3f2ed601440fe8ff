import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../api/api-client.js';
import { FakeApi, OWNER, startWorker } from '../../test-support/fake-api.js';
import { FakeMediaLibrary } from '../../test-support/fake-media-library.js';
import { uploadAsset, UploadRefused } from './upload-asset.js';

/** `size` bytes counting up, so a byte in the wrong place shows. */
const fileOf = (size: number, name = 'clip.mp4') => new File([Uint8Array.from({ length: size }, (_, i) => i % 251)], name, { type: 'video/mp4' });

let library: FakeMediaLibrary;
let api: ApiClient;
beforeAll(() => startWorker());
beforeEach(() => {
  new FakeApi().install().signedIn = true;
  library = new FakeMediaLibrary().install();
  api = new ApiClient();
  api.csrfToken = OWNER.csrfToken;
});

describe('uploadAsset', () => {
  it('asks for a ticket with the size, sends the file with tus in chunks and reports progress', async () => {
    const file = fileOf(300_000);
    const progress: number[] = [];
    const id = await uploadAsset(file, { api, name: 'Welcome', chunkSize: 100_000, onProgress: (sent, total) => progress.push(sent / total) });
    expect(library.calls.filter((c) => c.startsWith('ticket') || c.startsWith('tus'))).toEqual(['ticket Welcome', `tus create ${id} 300000`]);
    expect(library.received(id)).toEqual(new Uint8Array(await file.arrayBuffer()));
    expect(library.patchOffsets.get(id)).toEqual([0, 100_000, 200_000]);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(library.assets.get(id)).toMatchObject({ name: 'Welcome', status: 'processing', sizeBytes: 300_000 });
  });

  it('resumes from the server’s offset after a dropped connection', async () => {
    library.dropPatches = 1;
    const file = fileOf(250_000);
    const id = await uploadAsset(file, { api, name: 'Flaky', chunkSize: 100_000, retryDelays: [0] });
    // The first PATCH broke half-way: tus asked where the server stood (HEAD) and went on from there.
    expect(library.calls).toContain(`tus head ${id}`);
    expect(library.patchOffsets.get(id)).toEqual([0, 50_000, 150_000]);
    expect(library.received(id)).toEqual(new Uint8Array(await file.arrayBuffer()));
  });

  it('waits for the network when the quick retries are spent, and goes on when it is back', async () => {
    // Two drops with nothing getting through: tus's one quick retry is spent (progress would have renewed it).
    library.dropPatches = 2;
    library.dropKeepsHalf = false;
    const waiting: boolean[] = [];
    const file = fileOf(120_000);
    const sent = uploadAsset(file, { api, name: 'Offline', chunkSize: 100_000, retryDelays: [0], pauseMs: 60_000, onWaiting: (w) => waiting.push(w) });
    await expect.poll(() => waiting).toEqual([true]);
    window.dispatchEvent(new Event('online'));
    const id = await sent;
    expect(waiting).toEqual([true, false]);
    expect(library.received(id)).toEqual(new Uint8Array(await file.arrayBuffer()));
  });

  it('says why the server refuses: too large before a byte is sent, not media at the last byte', async () => {
    library.maxBytes = 1_000_000;
    const big = uploadAsset(fileOf(2_000_000, 'huge.mov'), { api, name: 'Huge' });
    await expect(big).rejects.toThrow(new UploadRefused(413, 'The file is 2 MB, larger than the limit of 1 MB for prompt media.'));
    expect(library.calls.filter((c) => c.startsWith('tus'))).toEqual([]);

    library.refuseContent.set('Letter', 'the file is not a video, sound or picture in a supported format');
    const letter = uploadAsset(fileOf(1000, 'letter.txt'), { api, name: 'Letter' });
    await expect(letter).rejects.toThrow(/^This file cannot be used: the file is not a video, sound or picture in a supported format\.$/);
    await expect(letter).rejects.toBeInstanceOf(UploadRefused);
  });

  it('cancels: stops sending and deletes the asset it made', async () => {
    const controller = new AbortController();
    const sent = uploadAsset(fileOf(400_000), {
      api,
      name: 'Changed my mind',
      chunkSize: 100_000,
      signal: controller.signal,
      onProgress: (bytes) => bytes >= 100_000 && controller.abort(),
    });
    await expect(sent).rejects.toMatchObject({ name: 'AbortError' });
    const id = library.calls.find((c) => c.startsWith('tus create'))!.split(' ')[2]!;
    await expect.poll(() => library.calls).toContain(`DELETE ${id}`);
    expect(library.assets.has(id)).toBe(false);
  });
});
