// Scores of the insights evaluation: macro-F1 for sentiment, purity and the adjusted Rand index for themes.

/** Mean over classes of F1 (2PR / (P + R)); a class never predicted nor present counts 0. */
export function macroF1<T extends string>(truth: readonly T[], predicted: readonly T[], classes: readonly T[]): number {
  let sum = 0;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      const p = predicted[i];
      if (p === c && t === c) tp++;
      else if (p === c) fp++;
      else if (t === c) fn++;
    });
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / classes.length;
}

/** Share of items whose cluster's majority label is their own label. */
export function purity(truth: readonly string[], clusters: readonly string[]): number {
  const byCluster = new Map<string, Map<string, number>>();
  truth.forEach((t, i) => {
    const c = clusters[i] as string;
    const counts = byCluster.get(c) ?? new Map<string, number>();
    counts.set(t, (counts.get(t) ?? 0) + 1);
    byCluster.set(c, counts);
  });
  let majority = 0;
  for (const counts of byCluster.values()) majority += Math.max(...counts.values());
  return truth.length === 0 ? 0 : majority / truth.length;
}

/** Hubert and Arabie's adjusted Rand index: 1 for the same partition, ≈ 0 for a random one. */
export function adjustedRandIndex(truth: readonly string[], clusters: readonly string[]): number {
  const choose2 = (n: number) => (n * (n - 1)) / 2;
  const table = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  truth.forEach((t, i) => {
    const c = clusters[i] as string;
    table.set(`${t}\u0000${c}`, (table.get(`${t}\u0000${c}`) ?? 0) + 1);
    rows.set(t, (rows.get(t) ?? 0) + 1);
    cols.set(c, (cols.get(c) ?? 0) + 1);
  });
  let index = 0;
  for (const n of table.values()) index += choose2(n);
  let a = 0;
  for (const n of rows.values()) a += choose2(n);
  let b = 0;
  for (const n of cols.values()) b += choose2(n);
  const expected = (a * b) / choose2(truth.length);
  const max = (a + b) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
