import { cosine, type SparseVector } from './tfidf.js';

/**
 * Agglomerative clustering with average linkage on cosine distance (1 − cosine similarity), cut where the next merge
 * would join groups whose mean distance is above `maxDistance`. Average linkage because single linkage chains short
 * answers through one shared word and complete linkage splits a theme on every synonym.
 *
 * Built with the nearest-neighbour chain algorithm: O(n²) time and one n×n Float32 matrix (2,000 answers ≈ 16 MB),
 * instead of the O(n³) of merging the closest pair over and over. Average linkage is reducible, so the chain finds the
 * same merges; they are then applied shortest first with union-find until the cut.
 * Returns a cluster index per vector; vectors with no terms get -1 (nothing to compare).
 */
export function clusterVectors(vectors: readonly SparseVector[], maxDistance: number): number[] {
  const live = vectors.map((v, i) => (v.size > 0 ? i : -1)).filter((i) => i >= 0);
  const n = live.length;
  const labels = vectors.map(() => -1);
  if (n === 0) return labels;
  if (n === 1) {
    labels[live[0] as number] = 0;
    return labels;
  }

  const distance = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = 1 - cosine(vectors[live[i] as number] as SparseVector, vectors[live[j] as number] as SparseVector);
      distance[i * n + j] = d;
      distance[j * n + i] = d;
    }
  }
  const size = new Array<number>(n).fill(1);
  const active = new Array<boolean>(n).fill(true);
  const merges: Array<{ a: number; b: number; d: number }> = [];
  const chain: number[] = [];
  let remaining = n;

  while (remaining > 1) {
    if (chain.length === 0) chain.push(active.indexOf(true));
    const top = chain[chain.length - 1] as number;
    const previous = chain.length > 1 ? (chain[chain.length - 2] as number) : -1;
    // The nearest active neighbour of `top`; ties go to the chain's previous element so the chain always ends.
    let nearest = previous;
    let best = previous >= 0 ? (distance[top * n + previous] as number) : Infinity;
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === top) continue;
      const d = distance[top * n + k] as number;
      if (d < best) {
        best = d;
        nearest = k;
      }
    }
    if (nearest === previous) {
      // Reciprocal nearest neighbours: merge `previous` into `top` (Lance–Williams update for average linkage).
      chain.pop();
      chain.pop();
      merges.push({ a: top, b: previous, d: best });
      const st = size[top] as number;
      const sp = size[previous] as number;
      for (let k = 0; k < n; k++) {
        if (!active[k] || k === top || k === previous) continue;
        const d = ((distance[top * n + k] as number) * st + (distance[previous * n + k] as number) * sp) / (st + sp);
        distance[top * n + k] = d;
        distance[k * n + top] = d;
      }
      size[top] = st + sp;
      active[previous] = false;
      remaining--;
    } else {
      chain.push(nearest);
    }
  }

  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[i] !== root) [i, parent[i]] = [parent[i] as number, root];
    return root;
  };
  merges.sort((x, y) => x.d - y.d);
  for (const merge of merges) {
    if (merge.d > maxDistance) break;
    parent[find(merge.b)] = find(merge.a);
  }
  const index = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    if (!index.has(root)) index.set(root, index.size);
    labels[live[i] as number] = index.get(root) as number;
  }
  return labels;
}
