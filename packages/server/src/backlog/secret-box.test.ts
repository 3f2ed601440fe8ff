import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(Buffer.alloc(32, 7));

  it('seals with a fresh IV each time (no plaintext in the output) and opens with the same key and context', () => {
    const a = box.seal('ghp_supersecrettoken', 'ws_1');
    const b = box.seal('ghp_supersecrettoken', 'ws_1');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(a).not.toContain('supersecret');
    expect(box.open(a, 'ws_1')).toBe('ghp_supersecrettoken');
  });

  it('refuses another context, another key, a changed byte, and junk', () => {
    const sealed = box.seal('{"token":"x"}', 'ws_1');
    expect(() => box.open(sealed, 'ws_2')).toThrow(/cannot be decrypted/);
    expect(() => new SecretBox(Buffer.alloc(32, 8)).open(sealed, 'ws_1')).toThrow(/cannot be decrypted/);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(() => box.open([...parts.slice(0, 3), body.toString('base64url')].join('.'), 'ws_1')).toThrow(/cannot be decrypted/);
    expect(() => box.open('plain text', 'ws_1')).toThrow(/not in a format/);
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
