import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobStore } from './local-blob-store.js';

describe('LocalBlobStore', () => {
  let dir: string;
  let store: LocalBlobStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelback-blobs-'));
    store = new LocalBlobStore(join(dir, 'blobs'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('moves a file in, reads it whole and by range, and deletes it', async () => {
    const source = join(dir, 'upload.bin');
    await writeFile(source, 'hello reelback');
    expect(await store.putFile('clips/clp_1/original', source)).toEqual({ sizeBytes: 14 });
    await expect(readFile(source)).rejects.toThrow(/ENOENT/);
    expect(await text(store.read('clips/clp_1/original'))).toBe('hello reelback');
    expect(await text(store.read('clips/clp_1/original', { start: 6, end: 8 }))).toBe('ree');
    expect(await store.stat('clips/clp_1/original')).toEqual({ sizeBytes: 14 });
    expect(await store.withLocalFile('clips/clp_1/original', (path) => readFile(path, 'utf8'))).toBe('hello reelback');
    await store.delete('clips/clp_1/original');
    expect(await store.stat('clips/clp_1/original')).toBeUndefined();
    await store.delete('clips/clp_1/original');
  });

  it('removes a whole prefix', async () => {
    for (const name of ['a', 'b']) {
      await writeFile(join(dir, name), name);
      await store.putFile(`clips/clp_2/${name}`, join(dir, name));
    }
    await store.deletePrefix('clips/clp_2');
    expect(await store.stat('clips/clp_2/a')).toBeUndefined();
  });

  it('refuses keys that could leave its folder', async () => {
    for (const key of ['../x', 'clips/../../x', '/etc/passwd', 'clips//x', '', 'clips/./x']) {
      await expect(store.stat(key), key).rejects.toThrow(/invalid blob key/);
    }
  });
});
