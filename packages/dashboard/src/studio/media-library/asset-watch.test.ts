import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MediaAssetInfo } from '@reelback/shared';
import { FakeMediaLibrary } from '../../test-support/fake-media-library.js';
import { AssetWatch, unsettled } from './asset-watch.js';

class Gone extends Error {}

describe('AssetWatch', () => {
  let library: FakeMediaLibrary;
  let looks: { id: string; at: number }[];
  let updates: MediaAssetInfo[];
  let gone: string[];
  let start: number;

  const watchOf = (delays = [100, 200, 400]) =>
    new AssetWatch({
      fetch: async (id) => {
        looks.push({ id, at: Date.now() - start });
        const asset = library.assets.get(id);
        if (!asset) throw new Gone(id);
        return asset;
      },
      onUpdate: (asset) => updates.push(asset),
      isGone: (error) => error instanceof Gone,
      onGone: (id) => gone.push(id),
      delays,
    });

  beforeEach(() => {
    vi.useFakeTimers();
    start = Date.now();
    library = new FakeMediaLibrary();
    looks = [];
    updates = [];
    gone = [];
  });
  afterEach(() => vi.useRealTimers());

  it('looks again while an asset is processed, backing off, and stops once it is ready', async () => {
    const busy = library.add('Busy', 'video', { status: 'processing', files: [] });
    const watch = watchOf();
    watch.follow(busy);
    await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 400);
    expect(looks.map((l) => l.at)).toEqual([100, 300, 700, 1100]);
    library.finish(busy.id);
    await vi.advanceTimersByTimeAsync(400);
    expect(updates.at(-1)).toMatchObject({ id: busy.id, status: 'ready' });
    expect(watch.active).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(looks).toHaveLength(5);
  });

  it('follows machine captions being made, and nothing settled', () => {
    const ready = library.add('Ready', 'video');
    expect(unsettled(ready)).toBe(false);
    expect(unsettled({ ...ready, captions: { ...ready.captions, status: 'queued' } })).toBe(true);
    expect(unsettled({ ...ready, status: 'rejected' })).toBe(false);
    const watch = watchOf();
    watch.follow(ready);
    expect(watch.active).toBe(0);
  });

  it('leaves no timer behind when stopped, and drops an answer that comes after', async () => {
    const a = library.add('A', 'video', { status: 'uploading', files: [] });
    const b = library.add('B', 'audio', { status: 'processing', files: [] });
    const watch = watchOf();
    watch.follow(a);
    watch.follow(b);
    expect(watch.active).toBe(2);
    watch.stop();
    expect(watch.active).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(looks).toEqual([]);
  });

  it('says when an asset is gone, and tries again after any other failure', async () => {
    const busy = library.add('Busy', 'video', { status: 'processing', files: [] });
    const watch = watchOf([100]);
    watch.watch(busy.id);
    library.assets.delete(busy.id);
    await vi.advanceTimersByTimeAsync(100);
    expect(gone).toEqual([busy.id]);
    expect(watch.active).toBe(0);

    let fail = true;
    const flaky = new AssetWatch({
      fetch: async (id) => {
        looks.push({ id, at: Date.now() - start });
        if (fail) throw new Error('network');
        return library.finish(busy2.id);
      },
      onUpdate: (asset) => updates.push(asset),
      delays: [100],
    });
    const busy2 = library.add('Busy 2', 'video', { status: 'processing', files: [] });
    flaky.watch(busy2.id);
    await vi.advanceTimersByTimeAsync(200);
    expect(flaky.active).toBe(1);
    fail = false;
    await vi.advanceTimersByTimeAsync(100);
    expect(updates.at(-1)).toMatchObject({ id: busy2.id, status: 'ready' });
    expect(flaky.active).toBe(0);
  });
});
