import type { SparseVector } from "./feature-config.ts";

/**
 * Multinomial naive Bayes log-count ratios of the word buckets,
 * log P(bucket | hoax) − log P(bucket | not), from the weighted vectors of
 * the training rows with each class's mass normalised (so class sizes do not
 * tilt it) and add-`alpha` smoothing. Its margin r·x is linear in the same
 * vector as the SVM's, so a blend of the two is one weight vector: the
 * scorer, its speed and its reasons are unchanged by it.
 */
export function nbRatios(
  xs: readonly SparseVector[],
  ys: ArrayLike<number>,
  rows: readonly number[],
  size: number,
  alpha = 0.1,
): Float64Array {
  const f = [new Float64Array(size), new Float64Array(size)];
  const total = [0, 0];
  const seen = new Uint8Array(size);
  for (const r of rows) {
    const x = xs[r] as SparseVector;
    const c = ys[r] === 1 ? 1 : 0;
    const fc = f[c] as Float64Array;
    for (let k = 0; k < x.indices.length; k++) {
      const j = x.indices[k] as number;
      if (j >= size) continue;
      const v = Math.abs(x.values[k] as number);
      fc[j] = (fc[j] as number) + v;
      total[c] = (total[c] as number) + v;
      seen[j] = 1;
    }
  }
  let vocab = 0;
  for (let j = 0; j < size; j++) vocab += seen[j] as number;
  const r = new Float64Array(size);
  const [f0, f1] = f as [Float64Array, Float64Array];
  const d1 = Math.log((total[1] as number) + alpha * vocab);
  const d0 = Math.log((total[0] as number) + alpha * vocab);
  for (let j = 0; j < size; j++) {
    if (!seen[j]) continue;
    r[j] = Math.log((f1[j] as number) + alpha) - d1 - (Math.log((f0[j] as number) + alpha) - d0);
  }
  return r;
}

/** r·x over the word buckets of one vector. */
export function nbMargin(r: Float64Array, x: SparseVector): number {
  let z = 0;
  for (let k = 0; k < x.indices.length; k++) {
    const j = x.indices[k] as number;
    if (j < r.length) z += (r[j] as number) * (x.values[k] as number);
  }
  return z;
}
