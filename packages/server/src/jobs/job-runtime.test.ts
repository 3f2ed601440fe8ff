import { describe, expect, it } from 'vitest';
import { describeError, resolveTiming, retryDelaySeconds } from './job-runtime.js';

describe('retryDelaySeconds', () => {
  it('doubles from the base with equal jitter', () => {
    expect(retryDelaySeconds(1, 2, 300, () => 0)).toBe(1);
    expect(retryDelaySeconds(1, 2, 300, () => 1)).toBe(2);
    expect(retryDelaySeconds(3, 2, 300, () => 0)).toBe(4);
    expect(retryDelaySeconds(3, 2, 300, () => 1)).toBe(8);
  });

  it('stops growing at the cap', () => {
    expect(retryDelaySeconds(20, 2, 300, () => 1)).toBe(300);
    expect(retryDelaySeconds(20, 2, 300, () => 0)).toBe(150);
    expect(retryDelaySeconds(2000, 2, 300, () => 0.5)).toBe(225);
  });
});

describe('describeError', () => {
  it('keeps the message and the first stack frames', () => {
    const error = new TypeError('bad input');
    const text = describeError(error, 2);
    expect(text.split('\n')[0]).toBe('TypeError: bad input');
    expect(text.split('\n')).toHaveLength(3);
    expect(text.split('\n')[1]).toMatch(/^\s+at /);
  });

  it('describes what is not an Error', () => {
    expect(describeError('plain')).toBe('non-Error thrown: plain');
    expect(describeError({ code: 7 })).toBe('non-Error thrown: {"code":7}');
  });
});

describe('resolveTiming', () => {
  it('fills in the defaults and refuses nonsense', () => {
    expect(resolveTiming({}, { leaseSeconds: 60 })).toMatchObject({
      leaseSeconds: 60,
      pollIntervalMs: 500,
      retryBaseSeconds: 2,
      retryMaxSeconds: 300,
    });
    expect(() => resolveTiming({ leaseSeconds: 0 }, { leaseSeconds: 60 })).toThrow(/leaseSeconds/);
    expect(() => resolveTiming({ retryBaseSeconds: 10, retryMaxSeconds: 5 }, { leaseSeconds: 60 })).toThrow(/retryMaxSeconds/);
  });
});
