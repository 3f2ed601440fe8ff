import { afterAll, describe, expect, it } from 'vitest';
import { HashQueueFull, PasswordPool } from './password-pool.js';

const pool = new PasswordPool({ threads: 1, maxQueue: 1 });
afterAll(() => pool.close());

const task = (password: string) => ({ password, salt: new Uint8Array(16), keyBytes: 32, N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });

describe('password pool', () => {
  it('hashes in its worker thread, the same key as node:crypto', async () => {
    const { scryptSync } = await import('node:crypto');
    expect((await pool.derive(task('correct horse'))).equals(scryptSync('correct horse', new Uint8Array(16), 32, { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }))).toBe(true);
  });

  it('refuses what its queue cannot hold, at once', async () => {
    // One running, one waiting; the third has no room.
    const results = await Promise.allSettled([pool.derive(task('a')), pool.derive(task('b')), pool.derive(task('c'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(HashQueueFull);
  });
});
