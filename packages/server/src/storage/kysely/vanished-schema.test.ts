import { describe, expect, it } from 'vitest';
import { whileSchemasVanish } from './vanished-schema.js';

const vanished = Object.assign(new Error('schema "reelback_test_gone" does not exist'), { code: '3F000' });

describe('whileSchemasVanish', () => {
  it('runs the work again when another schema vanished under it, and gives its answer', async () => {
    let calls = 0;
    const answer = await whileSchemasVanish(async () => {
      calls++;
      if (calls < 3) throw vanished;
      return 'migrated';
    });
    expect({ answer, calls }).toEqual({ answer: 'migrated', calls: 3 });
  });

  it('gives up after five tries, and never retries another error', async () => {
    let calls = 0;
    await expect(whileSchemasVanish(async () => { calls++; throw vanished; })).rejects.toBe(vanished);
    expect(calls).toBe(5);
    calls = 0;
    const other = Object.assign(new Error('relation "flows" does not exist'), { code: '42P01' });
    await expect(whileSchemasVanish(async () => { calls++; throw other; })).rejects.toBe(other);
    expect(calls).toBe(1);
  });
});
