import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoginBudget } from './login-budget.js';

// rate-limiter-flexible reads Date.now(); only Date is faked, so its clean-up timers stay real (and unref'd).
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.parse('2026-03-01T00:00:00Z'));
});
afterEach(() => vi.useRealTimers());
const advance = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);

describe('login budget', () => {
  it('spends per address and in all, and says how long to wait', async () => {
    const budget = new LoginBudget({ perAddress: { points: 2, durationSeconds: 600 }, global: { points: 3, durationSeconds: 60 } });
    expect([await budget.take('a'), await budget.take('a')]).toEqual([0, 0]);
    expect(await budget.take('a')).toBe(600);
    expect(await budget.take('b')).toBe(0);
    // The server's budget is spent: every address waits for it, and the refused address keeps its own.
    expect(await budget.take('c')).toBe(60);
    advance(60);
    expect(await budget.take('c')).toBe(0);
    expect(await budget.take('c')).toBe(0);
    expect(await budget.take('c')).toBe(540);
  });

  it('gives a successful login its budget back', async () => {
    const budget = new LoginBudget({ perAddress: { points: 1, durationSeconds: 600 }, global: { points: 100, durationSeconds: 60 } });
    expect(await budget.take('a')).toBe(0);
    await budget.giveBack('a');
    expect(await budget.take('a')).toBe(0);
    expect(await budget.take('a')).toBeGreaterThan(0);
  });
});
