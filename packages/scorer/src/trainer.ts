import type { ScoreInput } from "@klinik/core";
import { fitPlatt, sigmoid } from "./calibrate.ts";
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig, featureDims, featurize, type SparseVector } from "./features.ts";
import { accuracy, ece, rocAuc } from "./metrics.ts";
import { type LinearModel, MODEL_FORMAT, modelVersion } from "./model.ts";
import { SIGNAL_NAMES } from "./signals.ts";

/** One labelled document: label 1 = disinformation (false or misleading), 0 = not. */
export interface TrainingDoc extends ScoreInput {
  label: 0 | 1;
}

export interface TrainOptions {
  /** Passes over the data. Default 15. */
  epochs?: number;
  /** L2 penalty applied to the weights of active features. Default 1e-5. */
  l2?: number;
  /** AdaGrad base learning rate. Default 0.2. */
  learningRate?: number;
  /** Folds whose out-of-fold margins fit the Platt calibration. Default 5; 0 or 1 = no calibration. */
  folds?: number;
  /** Weigh classes inversely to their frequency. Default false. */
  balanced?: boolean;
  seed?: number;
  features?: Partial<FeatureConfig>;
  /** Progress messages (featurising, folds, final fit). */
  onProgress?: (message: string) => void;
  /** Fixed creation time, for reproducible versions in tests. */
  now?: Date;
}

/** Seeded PRNG (mulberry32) so training is reproducible. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(a: T[], rand: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

interface Fit {
  w: Float32Array;
  bias: number;
}

/** Logistic regression by AdaGrad SGD with L2 on the features each example touches. */
export function fitLogistic(
  xs: readonly SparseVector[],
  ys: ArrayLike<number>,
  rows: readonly number[],
  dims: number,
  o: Required<Pick<TrainOptions, "epochs" | "l2" | "learningRate" | "balanced" | "seed">>,
): Fit {
  const w = new Float32Array(dims);
  const g2 = new Float32Array(dims);
  let bias = 0;
  let gb2 = 0;
  let pos = 0;
  for (const r of rows) pos += ys[r] === 1 ? 1 : 0;
  const neg = rows.length - pos;
  const cw1 = o.balanced && pos > 0 ? rows.length / (2 * pos) : 1;
  const cw0 = o.balanced && neg > 0 ? rows.length / (2 * neg) : 1;
  const rand = rng(o.seed);
  const order = [...rows];
  for (let e = 0; e < o.epochs; e++) {
    shuffle(order, rand);
    for (const r of order) {
      const x = xs[r] as SparseVector;
      const y = ys[r] ?? 0;
      let z = bias;
      for (let k = 0; k < x.indices.length; k++) z += (w[x.indices[k] as number] as number) * (x.values[k] as number);
      const g = (sigmoid(z) - y) * (y === 1 ? cw1 : cw0);
      for (let k = 0; k < x.indices.length; k++) {
        const j = x.indices[k] as number;
        const wj = w[j] as number;
        const grad = g * (x.values[k] as number) + o.l2 * wj;
        const acc = (g2[j] as number) + grad * grad;
        g2[j] = acc;
        w[j] = wj - (o.learningRate * grad) / (Math.sqrt(acc) + 1e-8);
      }
      gb2 += g * g;
      bias -= (o.learningRate * g) / (Math.sqrt(gb2) + 1e-8);
    }
  }
  return { w, bias };
}

export function margin(fit: Fit, x: SparseVector): number {
  let z = fit.bias;
  for (let k = 0; k < x.indices.length; k++) z += (fit.w[x.indices[k] as number] as number) * (x.values[k] as number);
  return z;
}

/** Stratified fold number for each row. */
export function stratifiedFolds(ys: ArrayLike<number>, k: number, rand: () => number): number[] {
  const fold = new Array<number>(ys.length).fill(0);
  for (const cls of [0, 1]) {
    const rows = shuffle(
      Array.from({ length: ys.length }, (_, i) => i).filter((i) => ys[i] === cls),
      rand,
    );
    rows.forEach((r, i) => {
      fold[r] = i % k;
    });
  }
  return fold;
}

/**
 * Trains a calibrated model: featurises the docs once, then see
 * {@link trainOnVectors}.
 */
export function trainModel(docs: readonly TrainingDoc[], opts: TrainOptions = {}): LinearModel {
  const t0 = performance.now();
  const cfg: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, ...opts.features };
  const say = opts.onProgress ?? (() => {});
  if (docs.length === 0) throw new Error("trainModel: no training documents");
  const xs: SparseVector[] = [];
  const ys = new Uint8Array(docs.length);
  docs.forEach((d, i) => {
    xs.push(featurize(d, cfg));
    ys[i] = d.label === 1 ? 1 : 0;
    if ((i + 1) % 1000 === 0) say(`featurised ${i + 1}/${docs.length}`);
  });
  say(`featurised ${docs.length} docs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return trainOnVectors(xs, ys, cfg, opts, t0);
}

/**
 * Trains on already featurised rows (all of them, or only `rows`): fits
 * logistic regression on k−1 folds to collect out-of-fold margins for Platt
 * scaling, then fits the final weights on all rows.
 */
export function trainOnVectors(
  allXs: readonly SparseVector[],
  allYs: ArrayLike<number>,
  cfg: FeatureConfig,
  opts: TrainOptions = {},
  t0 = performance.now(),
  rows?: readonly number[],
): LinearModel {
  const xs = rows ? rows.map((r) => allXs[r] as SparseVector) : allXs;
  const ys = Uint8Array.from(rows ? rows.map((r) => allYs[r] ?? 0) : Array.from(allYs));
  const o = {
    epochs: opts.epochs ?? 15,
    l2: opts.l2 ?? 1e-5,
    learningRate: opts.learningRate ?? 0.2,
    balanced: opts.balanced ?? false,
    seed: opts.seed ?? 1,
  };
  const folds = opts.folds ?? 5;
  const say = opts.onProgress ?? (() => {});
  if (xs.length === 0) throw new Error("trainModel: no training documents");
  const n = xs.length;
  const dims = featureDims(cfg);
  const positives = ys.reduce((s, v) => s + v, 0);

  let calibration = { a: 1, b: 0 };
  let oof: { auc: number; accuracy: number; ece: number } | undefined;
  const canCalibrate = folds >= 2 && positives >= folds && n - positives >= folds;
  if (canCalibrate) {
    const fold = stratifiedFolds(ys, folds, rng(o.seed + 7));
    const z = new Float64Array(n);
    for (let f = 0; f < folds; f++) {
      const trainRows: number[] = [];
      const testRows: number[] = [];
      fold.forEach((ff, i) => (ff === f ? testRows : trainRows).push(i));
      const fit = fitLogistic(xs, ys, trainRows, dims, { ...o, seed: o.seed + f });
      for (const r of testRows) z[r] = margin(fit, xs[r] as SparseVector);
      say(`calibration fold ${f + 1}/${folds}`);
    }
    calibration = fitPlatt(z, ys);
    const p = Array.from(z, (v) => sigmoid(calibration.a * v + calibration.b));
    oof = { auc: rocAuc(p, ys), accuracy: accuracy(p, ys), ece: ece(p, ys) };
  }

  const all = Array.from({ length: n }, (_, i) => i);
  const fit = fitLogistic(xs, ys, all, dims, o);
  say("final fit done");
  const size = 2 ** cfg.hashBits;
  const hashed = fit.w.slice(0, size);
  // Weights this small never change a score; dropping them keeps the file small.
  for (let i = 0; i < size; i++) if (Math.abs(hashed[i] as number) < 1e-6) hashed[i] = 0;
  const signals: Record<string, number> = {};
  SIGNAL_NAMES.forEach((name, i) => {
    signals[name] = fit.w[size + i] ?? 0;
  });
  const base = {
    format: MODEL_FORMAT,
    createdAt: (opts.now ?? new Date()).toISOString(),
    features: cfg,
    bias: fit.bias,
    hashed,
    signals,
    calibration,
    training: {
      docs: n,
      positives,
      epochs: o.epochs,
      l2: o.l2,
      learningRate: o.learningRate,
      folds: canCalibrate ? folds : 0,
      oof,
      seconds: Math.round((performance.now() - t0) / 100) / 10,
    },
  } satisfies Omit<LinearModel, "version">;
  return { ...base, version: modelVersion(base) };
}
