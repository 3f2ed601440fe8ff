// Runs in a worker thread of the password pool (password-pool.ts). scryptSync works on this thread itself; the
// callback `scrypt` would queue on libuv's threadpool, which every file read of the process shares.
import { scryptSync } from 'node:crypto';

/** @param {{ password: string, salt: Uint8Array, keyBytes: number, N: number, r: number, p: number, maxmem: number }} task */
export default function derive({ password, salt, keyBytes, N, r, p, maxmem }) {
  return scryptSync(password, salt, keyBytes, { N, r, p, maxmem });
}
