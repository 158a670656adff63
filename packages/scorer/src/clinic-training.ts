import type { Scorer } from "@klinik/core";
import { type AdaptOptions, adaptModel } from "./adapt.ts";
import { precisionAtTop, rocAuc } from "./metrics.ts";
import type { LinearModel } from "./model.ts";
import { createScorer } from "./scorer.ts";
import type { TrainingDoc } from "./trainer.ts";

/** How a model did on a clinic's held-out recent verdicts. */
export interface HeldOutMetrics {
  n: number;
  positives: number;
  /** ROC-AUC; null when the held-out verdicts are all of one kind. */
  auc: number | null;
  precisionAt10: number | null;
  /** Mean log-loss (defined with one kind too). */
  logLoss: number;
}

export interface ClinicTrainingOptions extends AdaptOptions {
  /** Share of the most recent verdicts held out to judge the candidate (default 0.2, at least 5, at most 200). */
  heldOutShare?: number;
}

export interface ClinicTraining {
  /** The clinic model fitted on every verdict, to become active; null when refused. */
  model: LinearModel | null;
  /** The same recipe fitted without the held-out verdicts, measured on them. */
  candidate: HeldOutMetrics;
  /** The clinic's active model (or the base) on the same held-out verdicts. */
  active: HeldOutMetrics;
  promote: boolean;
  /** Version of the candidate fitted without the held-out verdicts. */
  candidateVersion: string;
  /** Why it was refused, in words; null when promoted. */
  refusal: string | null;
}

/** The most recent verdicts held out: a share of them, at least 5 and at most 200, never all. */
export function heldOutCount(n: number, share = 0.2): number {
  return Math.max(0, Math.min(n - 1, Math.max(5, Math.min(200, Math.round(n * share)))));
}

export function measureOn(scorer: Scorer, docs: readonly TrainingDoc[]): HeldOutMetrics {
  const p = docs.map((d) => scorer.score(d).score);
  const y = docs.map((d) => d.label);
  const positives = y.filter((v) => v === 1).length;
  const both = positives > 0 && positives < y.length;
  let loss = 0;
  p.forEach((pi, i) => {
    const q = Math.min(1 - 1e-6, Math.max(1e-6, pi));
    loss -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  });
  return {
    n: docs.length,
    positives,
    auc: both ? rocAuc(p, y) : null,
    precisionAt10: docs.length > 0 ? precisionAtTop(p, y, 0.1) : null,
    logLoss: docs.length > 0 ? loss / docs.length : 0,
  };
}

/**
 * One training run for a clinic: its verdicts (oldest first) minus the most
 * recent ones fit a candidate clinic layer over `base` (see `adaptModel`);
 * candidate and active model are measured on those recent verdicts, which
 * neither trained on when the active model is older than them. The
 * candidate is promoted when it does no worse: AUC at least the active's
 * when the held-out verdicts hold both kinds, else log-loss at most the
 * active's. What becomes active is the same recipe refitted on every
 * verdict, so the newest verdicts count at once.
 */
export function trainClinicModel(
  base: LinearModel,
  active: Scorer,
  docs: readonly TrainingDoc[],
  opts: ClinicTrainingOptions = {},
): ClinicTraining {
  const held = heldOutCount(docs.length, opts.heldOutShare);
  const train = docs.slice(0, docs.length - held);
  const test = docs.slice(docs.length - held);
  const fitted = adaptModel(base, train, opts);
  const candidate = measureOn(createScorer(fitted), test);
  const current = measureOn(active, test);
  let refusal: string | null = null;
  if (candidate.auc !== null && current.auc !== null) {
    if (candidate.auc < current.auc)
      refusal = `AUC ${candidate.auc.toFixed(3)} on ${held} recent verdicts, below the active model's ${current.auc.toFixed(3)}`;
  } else if (candidate.logLoss > current.logLoss)
    refusal = `log-loss ${candidate.logLoss.toFixed(3)} on ${held} recent verdicts, above the active model's ${current.logLoss.toFixed(3)}`;
  const model = refusal === null ? adaptModel(base, docs, opts) : null;
  return { model, candidate, active: current, promote: refusal === null, candidateVersion: fitted.version, refusal };
}
