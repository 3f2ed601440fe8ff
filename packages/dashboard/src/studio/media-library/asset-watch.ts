// Polls library assets that are still on their way (uploading, processing, captions being made) until they settle,
// backing off between looks. One watcher per owner (the library dialog, the studio page); `stop()` leaves no timer
// and no request behind.
import type { MediaAssetInfo } from '@reelback/shared';

/** Whether the server is still working on it: the file, or its machine captions. */
export const unsettled = (asset: MediaAssetInfo): boolean =>
  asset.status === 'uploading' || asset.status === 'processing' || (asset.status === 'ready' && asset.captions.status === 'queued');

export interface AssetWatchOptions {
  /** Reads the asset (GET); a rejection (404 or the network) is retried later, a 404 is the caller's to report. */
  fetch: (assetId: string, signal: AbortSignal) => Promise<MediaAssetInfo>;
  /** Every fresh read of a watched asset. */
  onUpdate: (asset: MediaAssetInfo) => void;
  /** The asset is gone (the fetch rejected with this answer): watching it stops. */
  onGone?: (assetId: string) => void;
  /** Whether an error means the asset is gone. */
  isGone?: (error: unknown) => boolean;
  /** Waits between looks, in order; the last repeats (ms). */
  delays?: number[];
}

const DEFAULT_DELAYS = [1000, 1500, 2500, 4000, 6000, 10_000, 15_000];

interface Watched {
  attempt: number;
  timer: ReturnType<typeof setTimeout> | null;
  request: AbortController | null;
}

export class AssetWatch {
  private readonly watched = new Map<string, Watched>();

  constructor(private readonly options: AssetWatchOptions) {}

  /** How many assets are being watched (a timer waiting or a request out for each). */
  get active(): number {
    return this.watched.size;
  }

  isWatching(assetId: string): boolean {
    return this.watched.has(assetId);
  }

  /** Looks again at `asset` later while it is unsettled; does nothing for a settled one or one already watched. */
  follow(asset: MediaAssetInfo): void {
    if (unsettled(asset)) this.watch(asset.id);
    else this.forget(asset.id);
  }

  /** Starts watching by id (the first look after the first delay). */
  watch(assetId: string): void {
    if (this.watched.has(assetId)) return;
    const entry: Watched = { attempt: 0, timer: null, request: null };
    this.watched.set(assetId, entry);
    this.schedule(assetId, entry);
  }

  forget(assetId: string): void {
    const entry = this.watched.get(assetId);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.request?.abort();
    this.watched.delete(assetId);
  }

  stop(): void {
    for (const id of [...this.watched.keys()]) this.forget(id);
  }

  private schedule(assetId: string, entry: Watched): void {
    const delays = this.options.delays ?? DEFAULT_DELAYS;
    const delay = delays[Math.min(entry.attempt, delays.length - 1)]!;
    entry.attempt++;
    entry.timer = setTimeout(() => void this.look(assetId, entry), delay);
  }

  private async look(assetId: string, entry: Watched): Promise<void> {
    entry.timer = null;
    const request = new AbortController();
    entry.request = request;
    try {
      const asset = await this.options.fetch(assetId, request.signal);
      if (this.watched.get(assetId) !== entry) return;
      entry.request = null;
      this.options.onUpdate(asset);
      // onUpdate may have forgotten it.
      if (this.watched.get(assetId) !== entry) return;
      if (unsettled(asset)) this.schedule(assetId, entry);
      else this.watched.delete(assetId);
    } catch (error) {
      if (this.watched.get(assetId) !== entry || request.signal.aborted) return;
      entry.request = null;
      if (this.options.isGone?.(error)) {
        this.watched.delete(assetId);
        this.options.onGone?.(assetId);
        return;
      }
      this.schedule(assetId, entry);
    }
  }
}
