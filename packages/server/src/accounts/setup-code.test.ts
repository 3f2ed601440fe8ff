import { describe, expect, it } from 'vitest';
import { displaySetupCode, normaliseSetupCode, SETUP_CODE_LENGTH, setupCodeFor } from './setup-code.js';

const key = new Uint8Array(32).fill(7);

describe('setup codes', () => {
  it('are 16 characters of Crockford base32, the same for the same key and nonce', () => {
    const code = setupCodeFor(key, 'nonce-1');
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(code).toHaveLength(SETUP_CODE_LENGTH);
    expect(setupCodeFor(key, 'nonce-1')).toBe(code);
  });

  it('differ with the nonce and with the secret key', () => {
    const code = setupCodeFor(key, 'nonce-1');
    expect(setupCodeFor(key, 'nonce-2')).not.toBe(code);
    expect(setupCodeFor(new Uint8Array(32).fill(8), 'nonce-1')).not.toBe(code);
  });

  it('spread over the whole alphabet (no bias towards a few letters)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) for (const c of setupCodeFor(key, `n${i}`)) seen.add(c);
    expect(seen.size).toBe(32);
  });

  it('print in groups of four and read back whatever the case, spaces, dashes and look-alike letters', () => {
    const code = setupCodeFor(key, 'nonce-1');
    const shown = displaySetupCode(code);
    expect(shown).toMatch(/^(\w{4}-){3}\w{4}$/);
    expect(normaliseSetupCode(shown)).toBe(code);
    expect(normaliseSetupCode(` ${shown.toLowerCase().replace(/-/g, ' ')} `)).toBe(code);
    expect(normaliseSetupCode('O1IL-oil0')).toBe('01110110');
  });
});
