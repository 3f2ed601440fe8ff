import { createHmac } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read off a terminal is typed back without mix-ups. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 16 characters of 5 bits: 80 bits, beyond guessing at any rate the attempts' limits allow. */
export const SETUP_CODE_LENGTH = 16;

/**
 * The setup code belonging to `nonce` under the server's secret key: the same on every start and in every process
 * sharing the key, while the database holds only the nonce and the code's hash.
 */
export function setupCodeFor(secretKey: Uint8Array, nonce: string): string {
  const bytes = createHmac('sha256', secretKey).update(`reelback-setup-code\0${nonce}`).digest();
  let bits = 0;
  let value = 0;
  let code = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && code.length < SETUP_CODE_LENGTH) {
      code += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (code.length === SETUP_CODE_LENGTH) break;
    value &= (1 << bits) - 1;
  }
  return code;
}

/** `ABCD-EFGH-JKMN-PQRS`: how the log prints it. */
export const displaySetupCode = (code: string) => code.match(/.{1,4}/g)!.join('-');

/**
 * A typed code in its normal form: case, spaces and dashes do not matter, and the letters Crockford reads as digits
 * (O as 0; I and L as 1) are read so. Anything else is left for the hash comparison to refuse.
 */
export function normaliseSetupCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}
