import { featureDims, type SparseVector } from "./feature-config.ts";
import { extractFeatures } from "./feature-extraction.ts";
import { weighFeatures } from "./feature-weighting.ts";
import { type LinearModel, modelVersion } from "./model.ts";
import { nbMargin, nbRatios } from "./naive-bayes.ts";
import { SIGNAL_NAMES } from "./signals.ts";
import { fitLinear } from "./solver.ts";
import type { TrainingDoc } from "./trainer.ts";

export interface AdaptOptions {
  /**
   * Inverse L2 strength of the discriminative part of the clinic layer
   * (LIBLINEAR's C, per verdict). Default 32, with `nb` 2: chosen on streams
   * of `pnpm bench learning --seed-base 200` (C 8–128 × nb 0–4), not on the
   * streams it reports; C alone (nb 0) stayed at 0.78–0.88 precision@10%
   * after 50 verdicts, the naive Bayes part is what recognises a family it
   * has seen a few times in new wordings.
   */
  C?: number;
  /** Weight of the clinic's own naive Bayes log-count ratios (0 = none), before shrinkage. Default 2. */
  nb?: number;
  /**
   * Shrinkage of the naive Bayes ratios by the evidence behind them: a ratio
   * pointing to hoax rests on the clinic's hoax verdicts (p of them) and
   * weighs nb · p / (p + nbShrink), one pointing to news weighs
   * nb · q / (q + nbShrink) over its q news verdicts. Default 5: a clinic's
   * first 20 verdicts hold about two hoaxes, and at full weight each of their
   * words counted as a hoax word, so its news sharing one ("ayam", "PDAM")
   * rose above the base's order (precision@10% at N = 20 fell below N = 0);
   * its many news verdicts keep their weight, so news written like chain
   * messages is still learned. Chosen on 40 streams from seed 200 (k 0–20,
   * both sides or the hoax side, typical and blind-spot streams); the streams
   * from 100 and 300 that the README reports were not used.
   */
  nbShrink?: number;
  now?: Date;
}

export const DEFAULT_ADAPT_C = 32;
/** Weight of the clinic's own naive Bayes ratios in its calibrated log-odds. */
export const DEFAULT_ADAPT_NB = 2;
/** Verdicts of one kind at which the naive Bayes ratios pointing to it weigh half of `nb` (see `AdaptOptions.nbShrink`). */
export const DEFAULT_ADAPT_NB_SHRINK = 5;

/** What a clinic model adds to its base: the base version and how many verdicts it learned from. */
export interface Adaptation {
  base: string;
  verdicts: number;
  positives: number;
  C: number;
  nb: number;
  /** Weights of the naive Bayes ratios pointing to hoax and to news after shrinkage (absent on older clinic models). */
  nbWeights?: { hoax: number; news: number };
}

/**
 * A clinic's own model: the base model plus a layer fitted on the clinic's
 * verdicts alone: naive Bayes log-count ratios of the verdicts (weight `nb`,
 * shrunk by the verdicts behind each ratio, see `AdaptOptions.nbShrink`) and,
 * on top of them, a logistic regression on the same features
 * (the base's IDF) whose starting point is the base model's calibrated
 * log-odds (passed to the solver as fixed offsets), with its own intercept:
 * where the verdicts say nothing, the base model speaks; where they agree
 * with it, little changes; where the clinic sees differently (its families of
 * hoaxes, its local news), a few dozen verdicts move the scores, and the
 * intercept follows the clinic's own share of hoaxes, so its scores stay
 * probabilities for that clinic. Folded into one linear model (weights
 * divided by the Platt slope), so the scorer, its speed and its reasons are
 * those of any model. Needs a base without a neighbour vote.
 */
export function adaptModel(base: LinearModel, docs: readonly TrainingDoc[], opts: AdaptOptions = {}): LinearModel {
  if (base.neighbours) throw new Error("adaptModel: the base model has a neighbour vote; adapt a linear model");
  const cfg = base.features;
  const size = 2 ** cfg.hashBits;
  const C = opts.C ?? DEFAULT_ADAPT_C;
  const { a, b } = base.calibration;
  const positives = docs.filter((d) => d.label === 1).length;
  const nbLambda = opts.nb ?? DEFAULT_ADAPT_NB;
  const shrink = opts.nbShrink ?? DEFAULT_ADAPT_NB_SHRINK;
  const nbWeights = {
    hoax: (nbLambda * positives) / (positives + shrink || 1),
    news: (nbLambda * (docs.length - positives)) / (docs.length - positives + shrink || 1),
  };
  const adaptation: Adaptation = {
    base: base.version,
    verdicts: docs.length,
    positives,
    C,
    nb: opts.nb ?? DEFAULT_ADAPT_NB,
    nbWeights,
  };
  const hashed = Float32Array.from(base.hashed);
  const signals = { ...base.signals };
  let bias = base.bias;
  if (docs.length > 0 && a > 0) {
    const xs: SparseVector[] = docs.map((d) => weighFeatures(extractFeatures(d, cfg), cfg, base.idf));
    const ys = docs.map((d) => (d.label === 1 ? 1 : 0));
    const offsets = xs.map((x) => {
      let z = base.bias;
      for (let k = 0; k < x.indices.length; k++) {
        const j = x.indices[k] as number;
        z +=
          (j < size ? (base.hashed[j] as number) : (base.signals[SIGNAL_NAMES[j - size] as string] ?? 0)) *
          (x.values[k] as number);
      }
      return a * z + b;
    });
    const rows = xs.map((_, i) => i);
    // The clinic's own naive Bayes ratios (generative, so a family seen a few times is recognised in new wordings).
    const haveBoth = ys.some((v) => v === 1) && ys.some((v) => v === 0);
    // Over the signals too: a clinic whose real notices say "sebarkan" learns that it is no sign there.
    const nb =
      haveBoth && nbLambda > 0
        ? nbRatios(xs, ys, rows, featureDims(cfg)).map((r) => r * (r > 0 ? nbWeights.hoax : nbWeights.news))
        : null;
    if (nb)
      xs.forEach((x, i) => {
        offsets[i] = (offsets[i] as number) + nbMargin(nb, x);
      });
    const sampleWeight = docs.map((d) => (d.weight !== undefined && d.weight > 0 ? d.weight : 1));
    const fit = fitLinear(xs, ys, rows, featureDims(cfg), { loss: "logistic", C, offsets, sampleWeight });
    for (let j = 0; j < size; j++) {
      const v = (fit.w[j] as number) + (nb ? (nb[j] as number) : 0);
      if (v !== 0) hashed[j] = (hashed[j] as number) + v / a;
    }
    SIGNAL_NAMES.forEach((name, i) => {
      const v = (fit.w[size + i] as number) + (nb ? (nb[size + i] as number) : 0);
      signals[name] = (signals[name] ?? 0) + v / a;
    });
    bias += fit.bias / a;
  }
  const next = {
    ...base,
    createdAt: (opts.now ?? new Date()).toISOString(),
    hashed,
    signals,
    bias,
    training: { ...base.training, adaptation },
  };
  return { ...next, version: modelVersion(next) };
}
