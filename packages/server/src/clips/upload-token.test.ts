import { describe, expect, it } from 'vitest';
import { bearerToken, UploadTokens } from './upload-token.js';

describe('UploadTokens', () => {
  const tokens = new UploadTokens('an admin key that is long enough');
  const now = new Date('2026-11-28T12:00:00Z');
  const later = new Date('2026-11-29T12:00:00Z');

  it('verifies what it issued and names the clip', () => {
    const token = tokens.issue({ clipId: 'clp_aaaaaaaaaaaaaaaa', expiresAt: later });
    expect(tokens.verify(token, now)).toEqual({ ok: true, clipId: 'clp_aaaaaaaaaaaaaaaa' });
  });

  it('refuses a token edited to name another clip, one signed with another secret, an expired one and junk', () => {
    const token = tokens.issue({ clipId: 'clp_aaaaaaaaaaaaaaaa', expiresAt: later });
    const edited = token.replace('clp_aaaaaaaaaaaaaaaa', 'clp_bbbbbbbbbbbbbbbb');
    expect(tokens.verify(edited, now)).toEqual({ ok: false, reason: 'the upload token is not valid' });
    const foreign = new UploadTokens('another admin key, also long').issue({ clipId: 'clp_aaaaaaaaaaaaaaaa', expiresAt: later });
    expect(tokens.verify(foreign, now).ok).toBe(false);
    expect(tokens.verify(token, new Date('2026-11-30T00:00:00Z'))).toEqual({ ok: false, reason: 'the upload token has expired' });
    expect(tokens.verify('nonsense', now)).toEqual({ ok: false, reason: 'the upload token is malformed' });
  });

  it('reads bearer tokens', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(null)).toBeUndefined();
  });
});
