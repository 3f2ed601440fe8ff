import { describe, expect, it } from 'vitest';
import { freshUrl, importWithRetry } from './lazy-import.js';

// What the bundle's minified loaders look like (esbuild keeps `import("./chunks/…")` as written).
const recorderLoader = new Function('return () => import("./chunks/recorder.component-4PQXJ5PE.js")')() as () => Promise<unknown>;

describe('importWithRetry', () => {
  it('re-roots a chunk under a fresh prefix of the widget folder, so the chunks it imports are fetched anew too', () => {
    const fresh = freshUrl(recorderLoader, 'https://cdn.example/widget/reelback-flow.js', 'https://cdn.example/widget/');
    expect(fresh).toMatch(/^https:\/\/cdn\.example\/widget\/~r[0-9a-z]+\/chunks\/recorder\.component-4PQXJ5PE\.js$/);
    // Each retry gets a URL no module map has seen.
    expect(freshUrl(recorderLoader, 'https://cdn.example/widget/reelback-flow.js', 'https://cdn.example/widget/')).not.toBe(fresh);
  });

  it('has no fresh URL for a loader it cannot read or a chunk outside the widget folder', () => {
    expect(freshUrl(() => Promise.resolve(), 'https://cdn.example/widget/reelback-flow.js', 'https://cdn.example/widget/')).toBeNull();
    const outside = new Function('return () => import("../elsewhere.js")')() as () => Promise<unknown>;
    expect(freshUrl(outside, 'https://cdn.example/widget/reelback-flow.js', 'https://cdn.example/widget/')).toBeNull();
  });

  it('tries again once as it is (Chromium and WebKit fetch again), and rejects with the first error when all fail', async () => {
    let calls = 0;
    const flaky = () => (++calls === 1 ? Promise.reject(new TypeError('first')) : Promise.resolve('loaded'));
    await expect(importWithRetry(flaky, location.href)).resolves.toBe('loaded');
    const broken = () => Promise.reject(new TypeError('gone'));
    await expect(importWithRetry(broken, location.href)).rejects.toThrow('gone');
  });
});
