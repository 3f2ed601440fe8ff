import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { uuidv7 } from './uuidv7.js';

const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuidv7', () => {
  afterEach(() => vi.useRealTimers());

  it('is an RFC 9562 version 7 UUID (version 7, variant 10) that zod accepts, carrying the current millisecond', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(msOf(id)).toBeGreaterThanOrEqual(before);
    expect(msOf(id)).toBeLessThanOrEqual(after);
  });

  it('sorts in the order made within one millisecond, past the 12-bit sequence, and when the clock steps back', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_000);
    const ids = Array.from({ length: 5000 }, () => uuidv7());
    vi.setSystemTime(1_799_999_999_000); // the clock stepped back a second
    ids.push(...Array.from({ length: 10 }, () => uuidv7()));
    vi.setSystemTime(1_800_000_100_000);
    ids.push(uuidv7());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // 5000 ids overflow one millisecond's sequence: they spill into the next ones, never back in time.
    expect(msOf(ids[0]!)).toBe(1_800_000_000_000);
    expect(msOf(ids[4999]!)).toBeGreaterThan(1_800_000_000_000);
    expect(msOf(ids.at(-1)!)).toBe(1_800_000_100_000);
  });

  it('fills its 62 random bits from crypto: two ids of the same millisecond differ beyond the sequence', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_000);
    const tail = (id: string) => id.slice(19);
    const tails = new Set(Array.from({ length: 100 }, () => tail(uuidv7())));
    expect(tails.size).toBe(100);
  });

  it('takes a given time (seeding old data) without disturbing the order of the others', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_900_000_000_000);
    const before = uuidv7();
    const old = uuidv7({ msecs: 1_600_000_000_123 });
    const after = uuidv7();
    expect(msOf(old)).toBe(1_600_000_000_123);
    expect(old).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([before, after].sort()).toEqual([before, after]);
    expect(msOf(after)).toBe(1_900_000_000_000);
  });
});
