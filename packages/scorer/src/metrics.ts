/** Evaluation metrics over probabilities `p` and 0/1 labels `y`. */

export function accuracy(p: ArrayLike<number>, y: ArrayLike<number>, threshold = 0.5): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (((p[i] ?? 0) >= threshold ? 1 : 0) === y[i]) ok++;
  return y.length ? ok / y.length : 0;
}

/** Mean of the F1 of each class. */
export function macroF1(p: ArrayLike<number>, y: ArrayLike<number>, threshold = 0.5): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < y.length; i++) {
    const pred = (p[i] ?? 0) >= threshold;
    if (pred && y[i] === 1) tp++;
    else if (pred) fp++;
    else if (y[i] === 1) fn++;
    else tn++;
  }
  const f1 = (a: number, b: number, c: number) => (2 * a + b + c === 0 ? 0 : (2 * a) / (2 * a + b + c));
  return (f1(tp, fp, fn) + f1(tn, fn, fp)) / 2;
}

/** Area under the ROC curve (Mann–Whitney, ties counted half). */
export function rocAuc(p: ArrayLike<number>, y: ArrayLike<number>): number {
  const idx = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => (p[a] ?? 0) - (p[b] ?? 0));
  let pos = 0;
  let rankSum = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && p[idx[j + 1] ?? 0] === p[idx[i] ?? 0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (y[idx[k] ?? 0] === 1) {
        pos++;
        rankSum += rank;
      }
    }
    i = j + 1;
  }
  const neg = y.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Share of positives among the `frac` highest-scored items. */
export function precisionAtTop(p: ArrayLike<number>, y: ArrayLike<number>, frac = 0.1): number {
  const idx = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => (p[b] ?? 0) - (p[a] ?? 0));
  const k = Math.max(1, Math.round(y.length * frac));
  let hits = 0;
  for (let i = 0; i < k; i++) if (y[idx[i] ?? 0] === 1) hits++;
  return hits / k;
}

/** Expected calibration error with equal-width bins. */
export function ece(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): number {
  const n = new Float64Array(bins);
  const sp = new Float64Array(bins);
  const sy = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    const v = p[i] ?? 0;
    const b = Math.min(bins - 1, Math.floor(v * bins));
    n[b] = (n[b] ?? 0) + 1;
    sp[b] = (sp[b] ?? 0) + v;
    sy[b] = (sy[b] ?? 0) + (y[i] ?? 0);
  }
  let e = 0;
  for (let b = 0; b < bins; b++) {
    const nb = n[b] ?? 0;
    if (nb > 0) e += (nb / y.length) * Math.abs((sp[b] ?? 0) / nb - (sy[b] ?? 0) / nb);
  }
  return e;
}
