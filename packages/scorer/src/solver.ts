import type { SparseVector } from "./feature-config.ts";
import { rng, shuffle } from "./random.ts";

/** Loss minimised by {@link fitLinear}. */
export type Loss = "logistic" | "squared_hinge";

export interface LinearFit {
  w: Float64Array;
  bias: number;
  /** Outer passes over the data until the stopping rule held. */
  iterations: number;
}

export interface SolverOptions {
  loss: Loss;
  /** Inverse regularisation strength (LIBLINEAR's C): larger = weaker L2 penalty. */
  C: number;
  /** Per-class multiplier of C, e.g. for balanced classes; default 1 each. */
  classWeight?: [number, number];
  /** Per-row multiplier of C (indexed like `xs`), e.g. to weigh one source of documents more; default 1. */
  sampleWeight?: ArrayLike<number>;
  /**
   * Fixed part of each row's margin (indexed like `xs`): the model fitted is
   * w·x + offset, so a prior weight vector w0 is fitted around by passing
   * w0·x here (the L2 penalty then pulls towards w0 instead of 0).
   */
  offsets?: ArrayLike<number>;
  /** Stopping tolerance on the projected gradient; LIBLINEAR's defaults (0.1 hinge, 0.01 logistic) otherwise. */
  eps?: number;
  maxIterations?: number;
  /** Value of the constant feature appended to every row for the bias (regularised, as in LIBLINEAR). */
  biasFeature?: number;
  seed?: number;
}

function dot(w: Float64Array, x: SparseVector, bias: number, bf: number): number {
  let z = bias * bf;
  const { indices, values } = x;
  for (let k = 0; k < indices.length; k++) z += (w[indices[k] as number] as number) * (values[k] as number);
  return z;
}

/**
 * L2-regularised linear classifier fitted by dual coordinate descent, as in
 * LIBLINEAR (Hsieh et al. 2008 for the squared hinge, Yu, Huang & Lin 2011 for
 * logistic regression). Converges to the exact optimum in a few passes over a
 * few thousand sparse rows, unlike SGD. Labels are 0/1; `rows` picks the
 * training rows of `xs`.
 */
export function fitLinear(
  xs: readonly SparseVector[],
  ys: ArrayLike<number>,
  rows: readonly number[],
  dims: number,
  o: SolverOptions,
): LinearFit {
  const n = rows.length;
  const w = new Float64Array(dims);
  const bf = o.biasFeature ?? 1;
  let bias = 0;
  const cw = o.classWeight ?? [1, 1];
  const sw = o.sampleWeight;
  const off = o.offsets;
  const Ci = (r: number) => o.C * (ys[r] === 1 ? cw[1] : cw[0]) * (sw ? (sw[r] as number) : 1);
  const margin = (x: SparseVector, r: number) => dot(w, x, bias, bf) + (off ? (off[r] as number) : 0);
  const sqNorm = rows.map((r) => {
    let s = bf * bf;
    for (const v of (xs[r] as SparseVector).values) s += v * v;
    return s;
  });
  const rand = rng(o.seed ?? 1);
  const order = Array.from({ length: n }, (_, i) => i);
  const update = (x: SparseVector, d: number) => {
    const { indices, values } = x;
    for (let k = 0; k < indices.length; k++) {
      const j = indices[k] as number;
      w[j] = (w[j] as number) + d * (values[k] as number);
    }
    bias += d * bf;
  };
  const maxIter = o.maxIterations ?? 1000;
  let it = 0;

  if (o.loss === "squared_hinge") {
    const eps = o.eps ?? 0.1;
    const alpha = new Float64Array(n);
    for (; it < maxIter; it++) {
      shuffle(order, rand);
      let maxPG = Number.NEGATIVE_INFINITY;
      let minPG = Number.POSITIVE_INFINITY;
      for (const i of order) {
        const r = rows[i] as number;
        const x = xs[r] as SparseVector;
        const y = ys[r] === 1 ? 1 : -1;
        const D = 0.5 / Ci(r);
        const ai = alpha[i] as number;
        const G = y * margin(x, r) - 1 + D * ai;
        const PG = ai === 0 ? Math.min(G, 0) : G;
        if (PG > maxPG) maxPG = PG;
        if (PG < minPG) minPG = PG;
        if (Math.abs(PG) > 1e-12) {
          const next = Math.max(ai - G / ((sqNorm[i] as number) + D), 0);
          alpha[i] = next;
          update(x, (next - ai) * y);
        }
      }
      if (maxPG - minPG < eps) break;
    }
    return { w, bias, iterations: it + 1 };
  }

  // Logistic regression: each example has a pair (alpha, C - alpha), 0 < alpha < C.
  const eps = o.eps ?? 0.01;
  const alpha = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const r = rows[i] as number;
    const C = Ci(r);
    alpha[2 * i] = Math.min(0.001 * C, 1e-8);
    alpha[2 * i + 1] = C - (alpha[2 * i] as number);
    update(xs[r] as SparseVector, (ys[r] === 1 ? 1 : -1) * (alpha[2 * i] as number));
  }
  let innerEps = 1e-2;
  const innerEpsMin = Math.min(1e-8, eps);
  for (; it < maxIter; it++) {
    shuffle(order, rand);
    let newtonSteps = 0;
    let gMax = 0;
    for (const i of order) {
      const r = rows[i] as number;
      const x = xs[r] as SparseVector;
      const y = ys[r] === 1 ? 1 : -1;
      const C = Ci(r);
      const a = sqNorm[i] as number;
      const b = y * margin(x, r);
      let i1 = 2 * i;
      let i2 = 2 * i + 1;
      let sign = 1;
      if (0.5 * a * ((alpha[i2] as number) - (alpha[i1] as number)) + b < 0) {
        i1 = 2 * i + 1;
        i2 = 2 * i;
        sign = -1;
      }
      const old = alpha[i1] as number;
      let z = old;
      if (C - z < 0.5 * C) z *= 0.1;
      let gp = a * (z - old) + sign * b + Math.log(z / (C - z));
      gMax = Math.max(gMax, Math.abs(gp));
      let inner = 0;
      while (inner <= 100 && Math.abs(gp) >= innerEps) {
        const gpp = a + C / (C - z) / z;
        const tz = z - gp / gpp;
        z = tz <= 0 ? z * 0.1 : tz;
        gp = a * (z - old) + sign * b + Math.log(z / (C - z));
        newtonSteps++;
        inner++;
      }
      if (inner > 0) {
        alpha[i1] = z;
        alpha[i2] = C - z;
        update(x, sign * (z - old) * y);
      }
    }
    if (gMax < eps) break;
    if (newtonSteps <= n / 10) innerEps = Math.max(innerEpsMin, 0.1 * innerEps);
  }
  return { w, bias, iterations: it + 1 };
}
