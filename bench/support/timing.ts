/** Milliseconds of repeated runs of one measured thing. */
export interface Timing {
  median: number;
  p95: number;
  min: number;
}

/** Median, 95th percentile (nearest rank) and minimum of the samples. */
export function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), min: sorted[0]! };
}
