import type { ScoreInput, ScoreResult, Scorer } from "@klinik/core";
import { BucketOverrides } from "./bucket-overrides.ts";
import { sigmoid } from "./calibrate.ts";
import type { ClinicLayer } from "./clinic-model.ts";
import { wordBlockScale } from "./feature-config.ts";
import { extractFeatures, type RawFeatures } from "./feature-extraction.ts";
import { BucketKeys } from "./feature-provenance.ts";
import { sublinearTf, weighFeatures } from "./feature-weighting.ts";
import { type Featurized, featurize } from "./featurize.ts";
import { DEFAULT_MODEL_PATH, loadModel } from "./io.ts";
import { createNeighbourSearch, type NeighbourSet, type NeighbourVote } from "./knn.ts";
import { denseWeights, type LinearModel } from "./model.ts";
import { chooseReasons, toReason } from "./reasons.ts";
import { SIGNAL_NAMES } from "./signals.ts";
import { bucketContributions, createTermContributions } from "./term-contributions.ts";

const EMPTY_REASON = { code: "empty_text", label: "tidak ada teks yang bisa dinilai", weight: 0 };

export interface ScoreOptions {
  /** Most reasons returned (default 8). */
  maxReasons?: number;
}

/**
 * Builds a synchronous scorer from a trained model. Never throws on input:
 * missing, non-string, empty, huge (see `prepareText` for truncation),
 * HTML or emoji-only text all get a score and at least one reason. Reason
 * weights are contributions to the calibrated log-odds.
 */
export function createScorer(model: LinearModel, options: ScoreOptions = {}): Scorer {
  return scorerOver(model, model, null, options);
}

/**
 * A clinic model's scorer over its base: the base's dense arrays (shared by
 * every scorer of the base in this thread) plus the buckets the clinic
 * changed. Scores exactly as `createScorer` of the rebuilt clinic model.
 */
export function createClinicScorer(base: LinearModel, layer: ClinicLayer, options: ScoreOptions = {}): Scorer {
  const overrides = new BucketOverrides(base.hashed.length, layer.indices, layer.values);
  return scorerOver(base, layer, overrides, options);
}

/** The parts of a model a scorer reads besides the base's arrays. */
type OwnParts = Pick<LinearModel, "version" | "bias" | "signals" | "calibration">;

function scorerOver(
  base: LinearModel,
  own: OwnParts,
  overrides: BucketOverrides | null,
  options: ScoreOptions,
): Scorer {
  const { w, idfWeight, neighbourSet } = tablesFor(base);
  const cfg = base.features;
  const signalBase = 2 ** cfg.hashBits;
  const sig = signalWeights(own.signals);
  const { a, b } = own.calibration;
  const maxReasons = options.maxReasons ?? 8;
  const { bias } = own;
  const { idf } = base;
  // Scratch over buckets, reset after every call; shared by every scorer of this thread
  // (scoring is synchronous), so a worker holding 50 clinic models keeps one copy, not 50.
  const { bucketContrib, termContributions, bucketKeys: keys } = scratchFor(signalBase);
  // Without char n-grams each code lives in one bucket: codes are kept per bucket, not per occurrence.
  const bucketKeys = cfg.charScale === 0 ? keys : null;
  const knnWeight = own.calibration.knn ?? 0;
  const neighbours = neighbourSet && knnWeight !== 0 ? createNeighbourSearch(neighbourSet, signalBase) : null;
  const useFused = idfWeight !== null && bucketKeys !== null && neighbours === null;
  /** Weight of entry j of the feature space: a bucket (the clinic's if it changed it) or a signal. */
  const weightAt = (j: number): number =>
    j >= signalBase
      ? (sig[j - signalBase] as number)
      : overrides
        ? overrides.weight(j, w[j] as number)
        : (w[j] as number);
  return {
    version: own.version,
    score(input: ScoreInput): ScoreResult {
      const safe: ScoreInput = {
        text: typeof input?.text === "string" ? input.text : "",
        title: typeof input?.title === "string" ? input.title : null,
        url: typeof input?.url === "string" ? input.url : null,
      };
      let z = bias;
      // Reason candidates: signals first, then terms in order of first occurrence.
      const codes: string[] = [];
      const weights: number[] = [];
      let f: RawFeatures | Featurized;
      let contribAt: Float64Array;
      let knnLogit = 0;
      if (useFused && idfWeight !== null) {
        f = extractFeatures(safe, cfg, bucketKeys ?? true);
        contribAt = new Float64Array(f.indices.length);
        z += fusedMargin(f, idfWeight, contribAt, codes, weights, a);
      } else {
        const fv = featurize(safe, cfg, bucketKeys ?? true, idf);
        f = fv;
        // Contribution of each entry; with char n-grams a bucket can sit in both blocks, so sum per bucket too.
        contribAt = new Float64Array(fv.indices.length);
        for (let k = 0; k < fv.indices.length; k++) {
          const j = fv.indices[k] as number;
          const c = weightAt(j) * (fv.values[k] as number);
          z += c;
          contribAt[k] = c;
          if (j >= signalBase) {
            codes.push(SIGNAL_NAMES[j - signalBase] as string);
            weights.push(c * a);
          } else if (!bucketKeys) bucketContrib[j] = (bucketContrib[j] as number) + c;
        }
        if (neighbours) {
          const nv = neighbours(fv);
          knnLogit = knnWeight * nv.vote;
          codes.push(neighbourCode(nv));
          weights.push(knnWeight * nv.vote);
        }
      }
      const score = sigmoid(a * z + b + knnLogit);
      const prov = f.provenance;
      let reasons: ScoreResult["reasons"];
      if (bucketKeys) {
        const offset = codes.length;
        const terms = bucketContributions(f.indices, contribAt, bucketKeys, a, signalBase, weights);
        reasons = chooseReasons(weights, maxReasons).map((i) =>
          toReason(i < offset ? (codes[i] as string) : terms.code(i - offset), weights[i] as number),
        );
        bucketKeys.clear();
      } else if (prov) {
        const terms = termContributions(prov, bucketContrib, a);
        const offset = codes.length;
        for (const t of terms.weights) weights.push(t);
        reasons = chooseReasons(weights, maxReasons).map((i) =>
          toReason(i < offset ? (codes[i] as string) : terms.code(i - offset), weights[i] as number),
        );
      } else
        reasons = chooseReasons(weights, maxReasons).map((i) => toReason(codes[i] as string, weights[i] as number));
      if (!bucketKeys) {
        for (let k = 0; k < f.indices.length; k++) {
          const j = f.indices[k] as number;
          if (j < signalBase) bucketContrib[j] = 0;
        }
      }
      if (f.tokenCount === 0) reasons.unshift(EMPTY_REASON);
      return { score, reasons: reasons.length > 0 ? reasons : [EMPTY_REASON] };
    },
  };

  /**
   * Margin of raw counts without building the weighted vector: the word
   * block weighted as {@link weighFeatures} does (same float32 roundings, so
   * the same score), IDF and weight read together; then the signals.
   */
  function fusedMargin(
    raw: RawFeatures,
    iw: Float32Array,
    contribAt: Float64Array,
    codes: string[],
    weights: number[],
    a: number,
  ): number {
    const n = raw.indices.length;
    let sq = 0;
    for (let k = 0; k < n; k++) {
      const j = raw.indices[k] as number;
      const v = sublinearTf(raw.counts[k] as number) * (iw[2 * j] as number);
      sq += v * v;
      contribAt[k] = Math.fround(v);
    }
    const norm = sq > 0 ? wordBlockScale(cfg, raw.wordEnd) / Math.sqrt(sq) : 0;
    let z = 0;
    if (overrides === null) {
      for (let k = 0; k < n; k++) {
        const c = (iw[2 * (raw.indices[k] as number) + 1] as number) * Math.fround((contribAt[k] as number) * norm);
        contribAt[k] = c;
        z += c;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const j = raw.indices[k] as number;
        const c = overrides.weight(j, iw[2 * j + 1] as number) * Math.fround((contribAt[k] as number) * norm);
        contribAt[k] = c;
        z += c;
      }
    }
    for (let i = 0; i < raw.signals.length; i++) {
      const s = (raw.signals[i] ?? 0) * cfg.signalScale;
      if (s === 0) continue;
      const c = (sig[i] as number) * Math.fround(s);
      z += c;
      codes.push(SIGNAL_NAMES[i] as string);
      weights.push(c * a);
    }
    return z;
  }
}

/**
 * Signal weights in {@link SIGNAL_NAMES} order, as float32 as the dense weight
 * vector holds them. (A function of its own: a closure inside the scorer's
 * factory would keep the whole model alive with every scorer.)
 */
function signalWeights(signals: Record<string, number>): Float32Array {
  return Float32Array.from(SIGNAL_NAMES, (name) => signals[name] ?? 0);
}

/** A base model's dense arrays, built once per model per thread and shared by its clinic models' scorers. */
interface Tables {
  /** Dense weights: hashed buckets, then signals. */
  w: Float32Array;
  /** IDF and weight of each bucket side by side (one cache line per term instead of two), when the fused path applies. */
  idfWeight: Float32Array | null;
  neighbourSet: NeighbourSet | null;
}
const tables = new WeakMap<LinearModel, Tables>();

function tablesFor(model: LinearModel): Tables {
  let t = tables.get(model);
  if (!t) {
    const w = denseWeights(model);
    const size = model.hashed.length;
    const fused = model.idf !== null && model.features.charScale === 0 && model.features.wordScale > 0;
    const idfWeight = fused ? new Float32Array(2 * size) : null;
    if (idfWeight && model.idf) {
      for (let j = 0; j < size; j++) {
        idfWeight[2 * j] = model.idf[j] as number;
        idfWeight[2 * j + 1] = w[j] as number;
      }
    }
    t = { w, idfWeight, neighbourSet: model.neighbours };
    tables.set(model, t);
  }
  return t;
}

interface Scratch {
  bucketContrib: Float64Array;
  termContributions: ReturnType<typeof createTermContributions>;
  bucketKeys: BucketKeys;
}
const scratches = new Map<number, Scratch>();

/** This thread's scratch over `size` buckets (one per size; every scorer clears what it used). */
function scratchFor(size: number): Scratch {
  let s = scratches.get(size);
  if (!s) {
    s = {
      bucketContrib: new Float64Array(size),
      termContributions: createTermContributions(size),
      bucketKeys: new BucketKeys(),
    };
    scratches.set(size, s);
  }
  return s;
}

/** Reason code of a neighbour vote: `neighbours:hoaks:<n>` or `neighbours:valid:<n>`, n agreeing with its sign. */
function neighbourCode(v: NeighbourVote): string {
  return v.vote >= 0 ? `neighbours:hoaks:${v.positives}` : `neighbours:valid:${v.negatives}`;
}

/**
 * Loads a model file and returns a scorer. Reads and validates the whole
 * file immediately, so a missing or corrupt model fails at start-up with a
 * readable Error rather than on the first score.
 * @param path model JSON; defaults to the model shipped in `packages/scorer/model/model.json`.
 */
export function loadScorer(path: string = DEFAULT_MODEL_PATH, options?: ScoreOptions): Scorer {
  return createScorer(loadModel(path), options);
}
