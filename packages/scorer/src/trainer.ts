import type { ScoreInput } from "@klinik/core";
import { fitBlend, fitNoIntercept, fitPlatt, sigmoid } from "./calibrate.ts";
import { applyPriors, priorOffsets, SIGNAL_PRIORS } from "./cue-priors.ts";
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig, featureDims, type SparseVector } from "./feature-config.ts";
import { extractFeatures, type RawFeatures } from "./feature-extraction.ts";
import { inverseDocFreq, weighFeatures } from "./feature-weighting.ts";
import { buildNeighbourSet, createNeighbourSearch } from "./knn.ts";
import { accuracy, ece, rocAuc } from "./metrics.ts";
import { type LinearModel, MODEL_FORMAT, modelVersion } from "./model.ts";
import { nbMargin, nbRatios } from "./naive-bayes.ts";
import { rng, shuffle } from "./random.ts";
import { SIGNAL_NAMES, type SignalName } from "./signals.ts";
import { fitLinear, type LinearFit, type Loss } from "./solver.ts";

/** One labelled document: label 1 = disinformation (false or misleading), 0 = not. */
export interface TrainingDoc extends ScoreInput {
  label: 0 | 1;
  /** Multiplier of this document's weight in the fit (default 1). */
  weight?: number;
  /** Fit the calibration on this document's out-of-fold margin (see `TrainOptions.calibrateOn`). */
  calibrate?: boolean;
  /** Topic family: documents of one family share a calibration fold, so near-paraphrases do not inflate out-of-fold margins. */
  group?: string;
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
  /** Weigh classes inversely to their frequency. Default true (the corpora are 3/4 hoax; a clinic's queue is not). */
  balanced?: boolean;
  /** Prior weights of the signals the fit is centred on and whose sign it keeps. Default {@link SIGNAL_PRIORS}; `{}` for none. */
  priors?: Partial<Record<SignalName, number>>;
  /** Blend multinomial naive Bayes log-count ratios into the weights (fitted on out-of-fold margins). Default true. */
  nb?: boolean;
  /**
   * Calibrate without intercept, classes weighted equally, so a text with no
   * evidence scores 0.5 ("unsure"), not the corpus prior. Default true;
   * false = Platt's sigmoid(a·z + b). Ignored with `knn`.
   */
  neutral?: boolean;
  /** Per-document multiplier of C, indexed like the documents (trainModel fills it from `TrainingDoc.weight`). */
  sampleWeights?: ArrayLike<number>;
  /**
   * Documents (1 = yes, indexed like the documents) whose out-of-fold margins
   * fit the calibration, e.g. the in-domain texts: probabilities should be
   * right for what clinics see, not for the corpora. Default all
   * (trainModel fills it from `TrainingDoc.calibrate` when any doc sets it).
   */
  calibrateOn?: ArrayLike<number>;
  /** Family of each document (indexed like the documents, "" = none); see `TrainingDoc.group`. */
  groups?: readonly string[];
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
  const sampleWeights = opts.sampleWeights ?? docs.map((d) => (d.weight !== undefined && d.weight > 0 ? d.weight : 1));
  const calibrateOn =
    opts.calibrateOn ?? (docs.some((d) => d.calibrate) ? docs.map((d) => (d.calibrate ? 1 : 0)) : undefined);
  const groups = opts.groups ?? (docs.some((d) => d.group) ? docs.map((d) => d.group ?? "") : undefined);
  return trainOnFeatures(raws, ys, cfg, { ...opts, sampleWeights, calibrateOn, groups }, t0);
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
  const sws = opts.sampleWeights;
  const sw = sws ? Float64Array.from(rows ? rows.map((r) => sws[r] ?? 1) : Array.from(sws)) : undefined;
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
    (opts.balanced ?? true) && positives > 0 && positives < n
      ? [n / (2 * (n - positives)), n / (2 * positives)]
      : [1, 1];
  const size = 2 ** cfg.hashBits;
  const priorMap = opts.priors ?? SIGNAL_PRIORS;
  const prior = Float64Array.from(SIGNAL_NAMES, (name) => priorMap[name] ?? 0);
  const useNb = opts.nb ?? true;
  /** SVM fitted around the priors, priors added back; and the naive Bayes ratios of the same rows. */
  const fitRows = (xs: readonly SparseVector[], trainRows: readonly number[]) => {
    const offsets = priorOffsets(xs, prior, size);
    const fit = fitLinear(xs, ys, trainRows, dims, { loss, C, classWeight, seed, sampleWeight: sw, offsets });
    applyPriors(fit.w, prior, size);
    return { fit, nb: useNb ? nbRatios(xs, ys, trainRows, size) : null };
  };

  let calibration: LinearModel["calibration"] = { a: 1, b: 0 };
  let nbScale = 0;
  let oof: { auc: number; accuracy: number; ece: number } | undefined;
  const canCalibrate = folds >= 2 && positives >= folds && n - positives >= folds;
  const k = canCalibrate ? (opts.knn ?? DEFAULT_TRAIN_OPTIONS.knn) : 0;
  const neutral = (opts.neutral ?? true) && k === 0;
  if (canCalibrate) {
    const fold = stratifiedFolds(ys, folds, rng(seed + 7));
    const groups = opts.groups;
    if (groups) {
      // A family's documents share one fold, chosen by the family's name.
      for (let i = 0; i < n; i++) {
        const g = groups[rows ? (rows[i] as number) : i] ?? "";
        if (g !== "") fold[i] = familyFold(g, folds);
      }
    }
    const z = new Float64Array(n);
    const zNb = new Float64Array(n);
    const vote = new Float64Array(n);
    for (let f = 0; f < folds; f++) {
      const trainRows: number[] = [];
      const testRows: number[] = [];
      fold.forEach((ff, i) => {
        (ff === f ? testRows : trainRows).push(i);
      });
      const { xs } = vectorsFor(raws, trainRows, cfg);
      const { fit, nb } = fitRows(xs, trainRows);
      // Evidence only: without the bias when calibrating to "no evidence = 0.5".
      for (const r of testRows) z[r] = margin(fit, xs[r] as SparseVector) - (neutral ? fit.bias : 0);
      if (nb) for (const r of testRows) zNb[r] = nbMargin(nb, xs[r] as SparseVector);
      if (k > 0) {
        const search = createNeighbourSearch(buildNeighbourSet(xs, ys, trainRows, size, k), size);
        for (const r of testRows) vote[r] = search(xs[r] as SparseVector).vote;
      }
      say(`calibration fold ${f + 1}/${folds}`);
    }
    let p: number[];
    if (neutral) {
      const cal = calibrationRows(opts.calibrateOn, rows, ys);
      const pick = (v: Float64Array) => (cal ? Float64Array.from(cal, (r) => v[r] as number) : v);
      const [a = 1, c = 0] = fitNoIntercept(
        useNb ? [pick(z), pick(zNb)] : [pick(z)],
        cal ? cal.map((r) => ys[r] as number) : ys,
      );
      calibration = { a, b: 0 };
      nbScale = useNb && a > 0 ? c / a : 0;
      p = Array.from(z, (v, i) => sigmoid(a * v + (useNb ? c * (zNb[i] as number) : 0)));
    } else {
      calibration = k > 0 ? fitBlend(z, vote, ys) : fitPlatt(z, ys);
      const { a, b } = calibration;
      const c = calibration.knn ?? 0;
      p = Array.from(z, (v, i) => sigmoid(a * v + c * (vote[i] as number) + b));
    }
    oof = { auc: rocAuc(p, ys), accuracy: accuracy(p, ys), ece: ece(p, ys) };
  }

  const all = Array.from({ length: n }, (_, i) => i);
  const { xs, idf } = vectorsFor(raws, all, cfg);
  const { fit, nb } = fitRows(xs, all);
  say(`final fit done (${fit.iterations} passes)`);
  const hashed = Float32Array.from(fit.w.subarray(0, size));
  if (nb && nbScale !== 0)
    for (let i = 0; i < size; i++) hashed[i] = (hashed[i] as number) + nbScale * (nb[i] as number);
  // Weights this small never change a score; dropping them keeps the file small.
  for (let i = 0; i < size; i++) if (Math.abs(hashed[i] as number) < 1e-6) hashed[i] = 0;
  const signals: Record<string, number> = {};
  SIGNAL_NAMES.forEach((name, i) => {
    signals[name] = fit.w[size + i] ?? 0;
  });
  if (neutral) calibration = { a: calibration.a, b: -calibration.a * fit.bias };
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
      nb: nbScale,
      iterations: fit.iterations,
      folds: canCalibrate ? folds : 0,
      oof,
      seconds: Math.round((performance.now() - t0) / 100) / 10,
    },
  } satisfies Omit<LinearModel, "version">;
  return { ...base, version: modelVersion(base) };
}

/** Local rows marked in `calibrateOn` (global indices), or null (all rows) unless both classes have at least 10. */
function calibrationRows(
  calibrateOn: ArrayLike<number> | undefined,
  rows: readonly number[] | undefined,
  ys: Uint8Array,
): number[] | null {
  if (!calibrateOn) return null;
  const picked: number[] = [];
  for (let i = 0; i < ys.length; i++) if (calibrateOn[rows ? (rows[i] as number) : i] === 1) picked.push(i);
  const pos = picked.filter((r) => ys[r] === 1).length;
  return pos >= 10 && picked.length - pos >= 10 ? picked : null;
}

/** Fold of a family: FNV-1a of its name modulo the number of folds. */
function familyFold(group: string, folds: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < group.length; i++) h = Math.imul(h ^ group.charCodeAt(i), 0x01000193) >>> 0;
  return h % folds;
}
