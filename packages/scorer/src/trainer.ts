import type { ScoreInput } from "@klinik/core";
import { fitBlend, fitPlatt, sigmoid } from "./calibrate.ts";
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig, featureDims, type SparseVector } from "./feature-config.ts";
import { extractFeatures, type RawFeatures } from "./feature-extraction.ts";
import { inverseDocFreq, weighFeatures } from "./feature-weighting.ts";
import { buildNeighbourSet, createNeighbourSearch } from "./knn.ts";
import { accuracy, ece, rocAuc } from "./metrics.ts";
import { type LinearModel, MODEL_FORMAT, modelVersion } from "./model.ts";
import { rng, shuffle } from "./random.ts";
import { SIGNAL_NAMES } from "./signals.ts";
import { fitLinear, type LinearFit, type Loss } from "./solver.ts";

/** One labelled document: label 1 = disinformation (false or misleading), 0 = not. */
export interface TrainingDoc extends ScoreInput {
  label: 0 | 1;
}

export interface TrainOptions {
  /** Loss of the linear model. Default "squared_hinge" (L2-loss linear SVM; Platt turns margins into probabilities). */
  loss?: Loss;
  /** Inverse L2 regularisation strength. Default 0.5. */
  C?: number;
  /** Folds whose out-of-fold margins fit the Platt calibration. Default 5; 0 or 1 = no calibration. */
  folds?: number;
  /**
   * Neighbours in the nearest-neighbour vote blended with the linear margin
   * (cosine over the TF-IDF word block, weighted by similarity). Default 0
   * (linear model only): inner validation showed no reliable gain (see the
   * README). Needs calibration folds: the blend weight is fitted on
   * out-of-fold margins and votes.
   */
  knn?: number;
  /** Weigh classes inversely to their frequency. Default false. */
  balanced?: boolean;
  seed?: number;
  features?: Partial<FeatureConfig>;
  /** Progress messages (featurising, folds, final fit). */
  onProgress?: (message: string) => void;
  /** Fixed creation time, for reproducible versions in tests. */
  now?: Date;
}

export const DEFAULT_TRAIN_OPTIONS = { loss: "squared_hinge" as Loss, C: 0.5, knn: 0 };

/** Margin of a fitted model on one vector. */
export function margin(fit: LinearFit, x: SparseVector): number {
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
 * Trains a calibrated model: counts the features of the docs once, then see
 * {@link trainOnFeatures}.
 */
export function trainModel(docs: readonly TrainingDoc[], opts: TrainOptions = {}): LinearModel {
  const t0 = performance.now();
  const cfg: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, ...opts.features };
  const say = opts.onProgress ?? (() => {});
  if (docs.length === 0) throw new Error("trainModel: no training documents");
  const raws: RawFeatures[] = [];
  const ys = new Uint8Array(docs.length);
  docs.forEach((d, i) => {
    raws.push(extractFeatures(d, cfg));
    ys[i] = d.label === 1 ? 1 : 0;
    if ((i + 1) % 1000 === 0) say(`featurised ${i + 1}/${docs.length}`);
  });
  say(`featurised ${docs.length} docs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return trainOnFeatures(raws, ys, cfg, opts, t0);
}

/** IDF over `rows` (when the config asks for it) and the weighted vectors of all rows. */
function vectorsFor(raws: readonly RawFeatures[], rows: readonly number[], cfg: FeatureConfig) {
  const idf = cfg.idf ? inverseDocFreq(raws, rows, cfg) : null;
  return { idf, xs: raws.map((r) => weighFeatures(r, cfg, idf)) };
}

/**
 * Trains on already counted documents (all of them, or only `rows`): for
 * Platt scaling, fits the linear model (IDF included) on k−1 folds and
 * collects the out-of-fold margins; then fits the final weights on all rows.
 */
export function trainOnFeatures(
  allRaws: readonly RawFeatures[],
  allYs: ArrayLike<number>,
  cfg: FeatureConfig,
  opts: TrainOptions = {},
  t0 = performance.now(),
  rows?: readonly number[],
): LinearModel {
  const raws = rows ? rows.map((r) => allRaws[r] as RawFeatures) : allRaws;
  const ys = Uint8Array.from(rows ? rows.map((r) => allYs[r] ?? 0) : Array.from(allYs));
  const seed = opts.seed ?? 1;
  const loss = opts.loss ?? DEFAULT_TRAIN_OPTIONS.loss;
  const C = opts.C ?? DEFAULT_TRAIN_OPTIONS.C;
  const folds = opts.folds ?? 5;
  const say = opts.onProgress ?? (() => {});
  if (raws.length === 0) throw new Error("trainModel: no training documents");
  const n = raws.length;
  const dims = featureDims(cfg);
  const positives = ys.reduce((s, v) => s + v, 0);
  const classWeight: [number, number] =
    opts.balanced && positives > 0 && positives < n ? [n / (2 * (n - positives)), n / (2 * positives)] : [1, 1];
  const fitRows = (xs: readonly SparseVector[], trainRows: readonly number[]) =>
    fitLinear(xs, ys, trainRows, dims, { loss, C, classWeight, seed });

  let calibration: LinearModel["calibration"] = { a: 1, b: 0 };
  let oof: { auc: number; accuracy: number; ece: number } | undefined;
  const canCalibrate = folds >= 2 && positives >= folds && n - positives >= folds;
  const k = canCalibrate ? (opts.knn ?? DEFAULT_TRAIN_OPTIONS.knn) : 0;
  const size = 2 ** cfg.hashBits;
  if (canCalibrate) {
    const fold = stratifiedFolds(ys, folds, rng(seed + 7));
    const z = new Float64Array(n);
    const vote = new Float64Array(n);
    for (let f = 0; f < folds; f++) {
      const trainRows: number[] = [];
      const testRows: number[] = [];
      fold.forEach((ff, i) => {
        (ff === f ? testRows : trainRows).push(i);
      });
      const { xs } = vectorsFor(raws, trainRows, cfg);
      const fit = fitRows(xs, trainRows);
      for (const r of testRows) z[r] = margin(fit, xs[r] as SparseVector);
      if (k > 0) {
        const search = createNeighbourSearch(buildNeighbourSet(xs, ys, trainRows, size, k), size);
        for (const r of testRows) vote[r] = search(xs[r] as SparseVector).vote;
      }
      say(`calibration fold ${f + 1}/${folds}`);
    }
    calibration = k > 0 ? fitBlend(z, vote, ys) : fitPlatt(z, ys);
    const { a, b } = calibration;
    const c = calibration.knn ?? 0;
    const p = Array.from(z, (v, i) => sigmoid(a * v + c * (vote[i] as number) + b));
    oof = { auc: rocAuc(p, ys), accuracy: accuracy(p, ys), ece: ece(p, ys) };
  }

  const all = Array.from({ length: n }, (_, i) => i);
  const { xs, idf } = vectorsFor(raws, all, cfg);
  const fit = fitRows(xs, all);
  say(`final fit done (${fit.iterations} passes)`);
  const hashed = Float32Array.from(fit.w.subarray(0, size));
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
    idf,
    signals,
    calibration,
    neighbours: k > 0 ? buildNeighbourSet(xs, ys, all, size, k) : null,
    training: {
      docs: n,
      positives,
      loss,
      C,
      knn: k,
      iterations: fit.iterations,
      folds: canCalibrate ? folds : 0,
      oof,
      seconds: Math.round((performance.now() - t0) / 100) / 10,
    },
  } satisfies Omit<LinearModel, "version">;
  return { ...base, version: modelVersion(base) };
}
