import { describe, expect, it, vi } from 'vitest';
import { LoginThrottle } from './login-throttle.js';
import { PasswordPool } from './password-pool.js';
import { DummyPassword, hashPassword, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('hash with scrypt (N=2^15, r=8, p=1, 16-byte salt, 64-byte key) and verify', async () => {
    const stored = await hashPassword('correct horse battery');
    const [name, n, r, p, salt, hash] = stored.split('$');
    expect([name, n, r, p]).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64')).toHaveLength(64);
    expect(await hashPassword('correct horse battery')).not.toBe(stored);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('never match a malformed or absurd stored value', async () => {
    expect(await verifyPassword('x', 'plain text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==')).toBe(false);
  });

  it('make no hash ahead for unknown e-mails: the stand-in costs one scrypt, the same as a real check', async () => {
    const derive = vi.spyOn(PasswordPool.prototype, 'derive');
    try {
      const dummy = new DummyPassword();
      expect(derive).not.toHaveBeenCalled();
      expect(await dummy.verify('a first unknown e-mail')).toBe(false);
      // Before, the first one also hashed the stand-in itself (beside a real check: two 32 MiB hashes at once).
      expect(derive).toHaveBeenCalledTimes(1);
      expect(derive.mock.calls[0]![0]).toMatchObject({ N: 2 ** 15, r: 8, p: 1, keyBytes: 64 });
    } finally {
      derive.mockRestore();
    }
  });

  it('spend a real verification on unknown e-mails', async () => {
    const dummy = new DummyPassword();
    await dummy.verify('warming up');
    const started = performance.now();
    expect(await dummy.verify('anything at all')).toBe(false);
    // A 32 MiB scrypt cannot finish in 20 ms on any machine this runs on: the work was done, not skipped.
    expect(performance.now() - started).toBeGreaterThan(20);
  });
});

describe('login throttle', () => {
  it('allows 10 failures per key in 15 minutes, then refuses until the oldest leaves the window', () => {
    let now = 0;
    const throttle = new LoginThrottle({ now: () => new Date(now) });
    for (let i = 0; i < 10; i++) {
      expect(throttle.retryAfter('a')).toBe(0);
      throttle.fail('a');
      now += 1000;
    }
    expect(throttle.retryAfter('a')).toBe(900 - 10);
    expect(throttle.retryAfter('b')).toBe(0);
    now = 15 * 60 * 1000 + 1;
    expect(throttle.retryAfter('a')).toBe(0);
    throttle.fail('a');
    expect(throttle.retryAfter('a')).toBeGreaterThan(0);
    throttle.succeed('a');
    expect(throttle.retryAfter('a')).toBe(0);
  });

  it('forgets the oldest keys beyond its bound', () => {
    const throttle = new LoginThrottle({ now: () => new Date(0) }, { maxFailures: 1, windowMs: 60_000, maxKeys: 2 });
    for (const key of ['a', 'b', 'c']) throttle.fail(key);
    expect(['a', 'b', 'c'].map((k) => throttle.retryAfter(k) > 0)).toEqual([false, true, true]);
  });
});
