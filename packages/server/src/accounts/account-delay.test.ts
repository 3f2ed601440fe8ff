import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountDelay } from './account-delay.js';

// rate-limiter-flexible reads Date.now(); only Date is faked, so its clean-up timers stay real (and unref'd).
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.parse('2026-03-01T00:00:00Z'));
});
afterEach(() => vi.useRealTimers());
const advance = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);

describe('account delay', () => {
  it('lets 10 failures through, then waits 15 s, 30 s, 60 s … up to 15 minutes between tries', async () => {
    const delay = new AccountDelay();
    for (let i = 0; i < 10; i++) {
      expect(await delay.retryAfter('ada@example.org')).toBe(0);
      await delay.failed('ada@example.org');
    }
    expect(await delay.retryAfter('ada@example.org')).toBe(0);
    const waits = [];
    for (let i = 0; i < 9; i++) {
      await delay.failed('ada@example.org');
      const wait = await delay.retryAfter('ada@example.org');
      waits.push(wait);
      advance(wait - 1);
      expect(await delay.retryAfter('ada@example.org'), `1 s before the end of wait ${i + 1}`).toBe(1);
      advance(1);
      expect(await delay.retryAfter('ada@example.org'), `at the end of wait ${i + 1}`).toBe(0);
    }
    expect(waits).toEqual([15, 30, 60, 120, 240, 480, 900, 900, 900]);
    expect(await delay.retryAfter('bob@example.org')).toBe(0);
  });

  it('keeps counting while failures go on, forgets an hour after the last, and clears on success', async () => {
    const delay = new AccountDelay();
    for (let i = 0; i < 11; i++) await delay.failed('ada@example.org');
    expect(await delay.retryAfter('ada@example.org')).toBe(15);
    advance(50 * 60);
    await delay.failed('ada@example.org');
    advance(50 * 60); // 100 minutes after the first failure, 50 after the last: still counted
    await delay.failed('ada@example.org');
    expect(await delay.retryAfter('ada@example.org')).toBe(60);
    advance(61 * 60);
    await delay.failed('ada@example.org');
    expect(await delay.retryAfter('ada@example.org'), 'a new hour starts with free failures').toBe(0);
    for (let i = 0; i < 10; i++) await delay.failed('ada@example.org');
    expect(await delay.retryAfter('ada@example.org')).toBe(15);
    await delay.succeeded('ada@example.org');
    expect(await delay.retryAfter('ada@example.org')).toBe(0);
    await delay.failed('ada@example.org');
    expect(await delay.retryAfter('ada@example.org'), 'success started the count again').toBe(0);
  });
});
