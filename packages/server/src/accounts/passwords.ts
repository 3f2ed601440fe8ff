import { randomBytes, timingSafeEqual } from 'node:crypto';
import { PasswordPool } from './password-pool.js';

/** scrypt's cost: 2^15 × 8 × 128 bytes = 32 MiB of memory and ~50–100 ms of one core per hash. */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 64;
/** The limits every password form and schema uses (in @reelback/shared, for the dashboard too). */
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@reelback/shared';

let pool: PasswordPool | undefined;

/** The process's one hashing pool, made at the first hash: a server that never sees a login starts no thread. */
function passwordPool(): PasswordPool {
  pool ??= new PasswordPool();
  return pool;
}

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }, keyBytes: number): Promise<Buffer> {
  // Node's default maxmem (32 MiB) is just under what N=2^15, r=8 needs (128·N·r plus a little).
  return passwordPool().derive({ password: password.normalize('NFKC'), salt, keyBytes, ...params, maxmem: 128 * params.N * params.r * 2 });
}

/** `scrypt$N$r$p$<salt base64>$<hash base64>` */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, SCRYPT_PARAMS, KEY_BYTES);
  const { N, r, p } = SCRYPT_PARAMS;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

const STORED = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

/**
 * Checks a password against a stored hash with the parameters the hash was made with (so they can be raised
 * later without locking anyone out), comparing in constant time. A malformed stored value never matches.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = STORED.exec(stored);
  if (!match) return false;
  const [, n, r, p, salt, hash] = match;
  const expected = Buffer.from(hash!, 'base64');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  // Refuse absurd parameters rather than let a corrupted row eat the machine's memory.
  if (params.N > 2 ** 20 || params.r > 32 || params.p > 16 || expected.length < 16) return false;
  const actual = await derive(password, Buffer.from(salt!, 'base64'), params, expected.length);
  return timingSafeEqual(actual, expected);
}

/**
 * Stands in for a user's hash when the e-mail is unknown: verifying against it costs the same as a real check,
 * so response times do not tell which e-mails have accounts. It is a random salt and key in the stored format,
 * not a hash of anything: checking against it is the same scrypt work, and no password matches it (2^-512), so
 * there is nothing to compute ahead (a server's first login used to hash it beside the real check: 64 MiB at once).
 */
export class DummyPassword {
  private readonly stored = `scrypt$${SCRYPT_PARAMS.N}$${SCRYPT_PARAMS.r}$${SCRYPT_PARAMS.p}$${randomBytes(16).toString('base64')}$${randomBytes(64).toString('base64')}`;

  /** Always false, after the same work as a real verification. */
  async verify(password: string): Promise<false> {
    await verifyPassword(password, this.stored);
    return false;
  }
}
