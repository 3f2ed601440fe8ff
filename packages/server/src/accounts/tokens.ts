import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

/** Compares a presented secret with a stored SHA-256 (hex) in constant time. */
export function matchesHash(presented: string, storedHex: string): boolean {
  const expected = Buffer.from(storedHex, 'hex');
  const actual = createHash('sha256').update(presented).digest();
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

/**
 * A session's CSRF token, derived from its cookie token: the page reads it from /auth/me or the login answer and
 * sends it back as `X-CSRF-Token`; another site can neither read the cookie nor the token. Only its hash is stored.
 */
export const csrfTokenFor = (sessionToken: string) => createHmac('sha256', sessionToken).update('reelback-csrf').digest('base64url');
