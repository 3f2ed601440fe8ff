import type { TranscriptSegment } from '@reelback/shared';

/**
 * The segment playing at `time`: the last one that has started (so the highlight stays through the pauses
 * between segments), or -1 before the first one. Segments are in time order; binary search keeps this
 * cheap on every `timeupdate` of a long clip.
 */
export function segmentIndexAt(segments: readonly Pick<TranscriptSegment, 'start' | 'end'>[], time: number): number {
  let low = 0;
  let high = segments.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (segments[mid]!.start <= time) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}
