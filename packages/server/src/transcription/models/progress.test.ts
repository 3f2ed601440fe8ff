import { describe, expect, it } from 'vitest';
import { createProgress, formatBytes, formatDuration } from './progress.js';
import { captureOutput } from '../../test-support/model-server.js';

describe('progress', () => {
  it('formats bytes in binary units and durations', () => {
    expect([0, 1023, 1024, 1536, 75 * 1024 * 1024, 3.1 * 1024 ** 3].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.00 KiB',
      '1.50 KiB',
      '75.0 MiB',
      '3.10 GiB',
    ]);
    expect([5, 75, 3725, Number.NaN].map(formatDuration)).toEqual(['5s', '1m15s', '1h02m', '?']);
  });

  it('writes a plain line every interval when the output is not a terminal, and a last one at the end', () => {
    let now = 0;
    const out = captureOutput(false);
    const progress = createProgress(out, { label: 'base.en', now: () => now, plainIntervalMs: 5000 });
    const total = 100 * 1024 * 1024;
    for (let second = 0; second <= 12; second++) {
      now = second * 1000;
      progress.update(second * 2 * 1024 * 1024, total);
    }
    progress.finish('done');
    expect(out.text.split('\n')).toEqual([
      'base.en 0.0% 0 B / 100 MiB',
      'base.en 10.0% 10.0 MiB / 100 MiB 2.00 MiB/s ETA 45s',
      'base.en 20.0% 20.0 MiB / 100 MiB 2.00 MiB/s ETA 40s',
      'base.en 24.0% 24.0 MiB / 100 MiB 2.00 MiB/s ETA 38s',
      'done',
      '',
    ]);
  });

  it('redraws one line on a terminal, throttled, and ends it with a newline', () => {
    let now = 0;
    const out = captureOutput(true);
    const progress = createProgress(out, { label: 'tiny', now: () => now });
    for (let i = 0; i <= 100; i++) {
      now = i * 10; // every 10 ms: drawn every 100 ms
      progress.update(i * 1024, 100 * 1024);
    }
    progress.finish();
    const frames = out.text.split('\r').filter(Boolean);
    expect(frames.length).toBeGreaterThanOrEqual(10);
    expect(frames.length).toBeLessThanOrEqual(13);
    expect(frames.at(-1)).toMatch(/^tiny \[#{10,}\] 100\.0% 100 KiB \/ 100 KiB 100 KiB\/s\x1b\[K\n$/);
    expect(out.text.split('\n')).toHaveLength(2);
  });

  it('shows bytes and speed when the total is unknown', () => {
    let now = 0;
    const out = captureOutput(false);
    const progress = createProgress(out, { label: 'x', now: () => now, plainIntervalMs: 1000 });
    progress.update(0, null);
    now = 1000;
    progress.update(2048, null);
    expect(out.text).toBe('x 0 B\nx 2.00 KiB 2.00 KiB/s\n');
  });
});
