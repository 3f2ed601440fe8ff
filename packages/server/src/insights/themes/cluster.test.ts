import { describe, expect, it } from 'vitest';
import { clusterVectors } from './cluster.js';
import { cosine, tfIdfVectors } from './tfidf.js';

describe('clusterVectors (average linkage, cosine distance)', () => {
  it('matches the merges worked out by hand, and the cut decides how far they go', () => {
    // Unit vectors in two terms: a, b close together; c, d close together; the pairs far apart.
    const v = (x: number, y: number) => new Map([['x', x], ['y', y]].filter(([, w]) => w !== 0) as Array<[string, number]>);
    const norm = (x: number, y: number) => v(x / Math.hypot(x, y), y / Math.hypot(x, y));
    const vectors = [norm(1, 0.05), norm(1, 0.1), norm(0.05, 1), norm(0.1, 1), new Map()];
    expect(clusterVectors(vectors, 0.05)).toEqual([0, 0, 1, 1, -1]);
    expect(clusterVectors(vectors, 0.001)).toEqual([0, 1, 2, 3, -1]);
    // a∪b to c∪d: mean of four distances ≈ 0.86, so a cut at 0.9 joins everything.
    expect(clusterVectors(vectors, 0.9)).toEqual([0, 0, 0, 0, -1]);
  });

  it('is independent of the order answers come in', () => {
    const docs = [['price', 'plan'], ['record', 'camera'], ['price', 'seat', 'plan'], ['camera', 'record', 'mic'], ['price', 'plan', 'tax']];
    const vectors = tfIdfVectors(docs, { maxDfShare: 1 });
    const labels = clusterVectors(vectors, 0.8);
    const reversed = clusterVectors([...vectors].reverse(), 0.8).reverse();
    const samePartition = (a: number[], b: number[]) => a.every((x, i) => a.every((y, j) => (x === y) === (b[i] === b[j])));
    expect(samePartition(labels, reversed)).toBe(true);
    expect(labels[0]).toBe(labels[2]);
    expect(labels[1]).toBe(labels[3]);
    expect(labels[0]).not.toBe(labels[1]);
  });
});

describe('tfIdfVectors', () => {
  it('drops words in one answer only and words in most answers, and normalises to unit length', () => {
    const vectors = tfIdfVectors([['app', 'price', 'once'], ['app', 'price'], ['app', 'camera'], ['app', 'camera']], { maxDfShare: 0.5 });
    expect([...(vectors[0]?.keys() ?? [])]).toEqual(['price']);
    expect(cosine(vectors[0] as Map<string, number>, vectors[1] as Map<string, number>)).toBeCloseTo(1);
    expect(cosine(vectors[0] as Map<string, number>, vectors[2] as Map<string, number>)).toBe(0);
  });
});
