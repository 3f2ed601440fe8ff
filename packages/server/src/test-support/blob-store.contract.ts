import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer, text } from 'node:stream/consumers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../ports/blob-store.js';

export interface BlobStoreUnderTest {
  name: string;
  /** A fresh, empty store for one test. */
  make(): Promise<BlobStore>;
  setUp?(): Promise<void>;
  tearDown?(): Promise<void>;
}

/** Every behaviour the `BlobStore` port promises, run on each store (local folder, S3 bucket). */
export function blobStoreContract(target: BlobStoreUnderTest): void {
  describe(`BlobStore contract: ${target.name}`, () => {
    let dir: string;
    let store: BlobStore;
    beforeAll(async () => target.setUp?.());
    afterAll(async () => target.tearDown?.());
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'reelback-blob-contract-'));
      store = await target.make();
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    /** A local file holding `content`, to put in. */
    async function file(name: string, content: string | Buffer): Promise<string> {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    }

    it('moves a file in, reads it whole and by range, and deletes it (twice is fine)', async () => {
      const source = await file('upload.bin', 'hello reelback');
      expect(await store.putFile('clips/clp_1/original', source)).toEqual({ sizeBytes: 14 });
      await expect(readFile(source)).rejects.toThrow(/ENOENT/);
      expect(await text(store.read('clips/clp_1/original'))).toBe('hello reelback');
      expect(await text(store.read('clips/clp_1/original', { start: 6, end: 8 }))).toBe('ree');
      expect(await text(store.read('clips/clp_1/original', { start: 13, end: 13 }))).toBe('k');
      expect(await store.stat('clips/clp_1/original')).toEqual({ sizeBytes: 14 });
      expect(await store.withLocalFile('clips/clp_1/original', (path) => readFile(path, 'utf8'))).toBe('hello reelback');
      await store.delete('clips/clp_1/original');
      expect(await store.stat('clips/clp_1/original')).toBeUndefined();
      await store.delete('clips/clp_1/original');
    });

    it('replaces what a key held', async () => {
      await store.putFile('posters/p/poster.jpg', await file('a', 'first version'));
      await store.putFile('posters/p/poster.jpg', await file('b', 'second'));
      expect(await store.stat('posters/p/poster.jpg')).toEqual({ sizeBytes: 6 });
      expect(await text(store.read('posters/p/poster.jpg'))).toBe('second');
    });

    it('keeps a file of several parts byte for byte, and serves any range of it', async () => {
      const content = randomBytes(11 * 1024 * 1024 + 123);
      await store.putFile('clips/clp_big/original', await file('big.bin', content));
      expect(await store.stat('clips/clp_big/original')).toEqual({ sizeBytes: content.length });
      expect((await buffer(store.read('clips/clp_big/original'))).equals(content)).toBe(true);
      const start = 5 * 1024 * 1024 - 10;
      const end = start + 100_000;
      expect((await buffer(store.read('clips/clp_big/original', { start, end }))).equals(content.subarray(start, end + 1))).toBe(true);
    });

    it('says a missing blob is missing: stat undefined, a read fails', async () => {
      expect(await store.stat('clips/nothing/here')).toBeUndefined();
      await expect(text(store.read('clips/nothing/here'))).rejects.toThrow();
    });

    it('removes a whole prefix, and only that prefix', async () => {
      for (const key of ['clips/clp_2/a', 'clips/clp_2/b/c', 'clips/clp_20/a', 'clips/clp_3/a']) await store.putFile(key, await file(key.replaceAll('/', '_'), key));
      await store.deletePrefix('clips/clp_2');
      expect(await store.stat('clips/clp_2/a')).toBeUndefined();
      expect(await store.stat('clips/clp_2/b/c')).toBeUndefined();
      expect(await text(store.read('clips/clp_20/a'))).toBe('clips/clp_20/a');
      expect(await text(store.read('clips/clp_3/a'))).toBe('clips/clp_3/a');
      await store.deletePrefix('clips/clp_2');
    });

    it('refuses keys that could leave its folder or name another object', async () => {
      for (const key of ['../x', 'clips/../../x', '/etc/passwd', 'clips//x', '', 'clips/./x', 'clips/x/']) {
        await expect(store.stat(key), key).rejects.toThrow(/invalid blob key/);
      }
      await expect(store.putFile('../x', await file('x', 'x'))).rejects.toThrow(/invalid blob key/);
    });
  });
}
