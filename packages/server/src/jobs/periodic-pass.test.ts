import { afterEach, describe, expect, it, vi } from 'vitest';
import { PeriodicPass } from './periodic-pass.js';

afterEach(() => vi.useRealTimers());

/** A pass whose runs end when the test says so. */
function controlledPass() {
  const runs: { resolve: (n: number) => void; reject: (error: Error) => void }[] = [];
  const pass = () => new Promise<number>((resolve, reject) => runs.push({ resolve, reject }));
  return { runs, pass };
}

describe('PeriodicPass', () => {
  it('runs at start, then intervalMs after each pass ended; a call during a pass shares it', async () => {
    vi.useFakeTimers();
    const { runs, pass } = controlledPass();
    const periodic = new PeriodicPass(pass, { what: 'test pass', intervalMs: 1000, logError: (m) => expect.fail(m) });
    periodic.start();
    expect(runs).toHaveLength(1);
    const shared = periodic.run();
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs, 'no second pass while the first runs').toHaveLength(1);
    runs[0]!.resolve(7);
    expect(await shared).toBe(7);
    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(2);
    runs[1]!.resolve(0);
    await periodic.stop();
  });

  it('logs a failed pass and runs the next one as planned', async () => {
    vi.useFakeTimers();
    const { runs, pass } = controlledPass();
    const logged: string[] = [];
    const periodic = new PeriodicPass(pass, { what: 'test pass', intervalMs: 1000, logError: (message, error) => logged.push(`${message}: ${(error as Error).message}`) });
    periodic.start();
    runs[0]!.reject(new Error('the database went away'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(logged).toEqual(['test pass failed: the database went away']);
    expect(runs).toHaveLength(2);
    runs[1]!.resolve(1);
    await periodic.stop();
  });

  it('stop waits for the pass under way, says halting to it, and no pass follows', async () => {
    vi.useFakeTimers();
    const { runs, pass } = controlledPass();
    const periodic = new PeriodicPass(pass, { what: 'test pass', intervalMs: 1000, logError: (m) => expect.fail(m) });
    periodic.start();
    expect(periodic.halting).toBe(false);
    let stopped = false;
    const stopping = periodic.stop().then(() => (stopped = true));
    expect(periodic.halting).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    runs[0]!.resolve(3);
    await stopping;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toHaveLength(1);
  });
});
