/**
 * TF-IDF vectors of answers' terms (content-word lemmas from the engine), sparse and L2-normalised so that the dot
 * product is the cosine similarity. Sublinear term frequency (1 + ln tf): an answer saying "slow" three times is not
 * three times about slowness. Smoothed idf, ln((1 + N) / (1 + df)) + 1, as scikit-learn's default.
 * Terms in fewer than `minDf` answers cannot link two answers and are dropped; terms in more than `maxDfShare` of
 * them ("use", "app") say nothing about a theme and are dropped too.
 */
export type SparseVector = ReadonlyMap<string, number>;

export interface TfIdfOptions {
  minDf?: number;
  maxDfShare?: number;
}

export function tfIdfVectors(documents: ReadonlyArray<readonly string[]>, options: TfIdfOptions = {}): SparseVector[] {
  const minDf = options.minDf ?? 2;
  const maxDf = Math.max(minDf, Math.floor((options.maxDfShare ?? 0.3) * documents.length));
  const df = new Map<string, number>();
  for (const terms of documents) for (const term of new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
  const n = documents.length;
  return documents.map((terms) => {
    const tf = new Map<string, number>();
    for (const term of terms) {
      const count = df.get(term) ?? 0;
      if (count >= minDf && count <= maxDf) tf.set(term, (tf.get(term) ?? 0) + 1);
    }
    const vector = new Map<string, number>();
    for (const [term, count] of tf) vector.set(term, (1 + Math.log(count)) * (Math.log((1 + n) / (1 + (df.get(term) ?? 0))) + 1));
    return normalised(vector);
  });
}

export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, weight] of small) dot += weight * (large.get(term) ?? 0);
  return Math.max(0, Math.min(1, dot));
}

/** The normalised mean of vectors: a theme's centre. */
export function centroid(vectors: readonly SparseVector[]): SparseVector {
  const sum = new Map<string, number>();
  for (const vector of vectors) for (const [term, weight] of vector) sum.set(term, (sum.get(term) ?? 0) + weight);
  return normalised(sum);
}

function normalised(vector: Map<string, number>): Map<string, number> {
  let norm = 0;
  for (const weight of vector.values()) norm += weight * weight;
  if (norm === 0) return vector;
  const scale = 1 / Math.sqrt(norm);
  for (const [term, weight] of vector) vector.set(term, weight * scale);
  return vector;
}
