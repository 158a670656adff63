import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ScoreInput, ScoreResult, Scorer } from "@klinik/core";
import { sigmoid } from "./calibrate.ts";
import {
  BucketKeys,
  codeOf,
  extractFeatures,
  type Featurized,
  featurize,
  type ProvenanceLog,
  type RawFeatures,
  sublinearTf,
  weighFeatures,
} from "./features.ts";
import { createNeighbourSearch, type NeighbourVote } from "./knn.ts";
import { denseWeights, fromModelFile, type LinearModel } from "./model.ts";
import { chooseReasons, toReason } from "./reasons.ts";
import { SIGNAL_NAMES } from "./signals.ts";

/** Path of the model shipped in this package. */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL("../model/model.json", import.meta.url));

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
  const w = denseWeights(model);
  const cfg = model.features;
  const signalBase = 2 ** cfg.hashBits;
  const { a, b } = model.calibration;
  const maxReasons = options.maxReasons ?? 8;
  // Per-scorer scratch over buckets, reset after every call (scoring is synchronous).
  const bucketContrib = new Float64Array(signalBase);
  const seen = new Uint32Array(signalBase);
  const entryOf = new Int32Array(signalBase).fill(-1);
  // Without char n-grams each code lives in one bucket: codes are kept per bucket, not per occurrence.
  const bucketKeys = cfg.charScale === 0 ? new BucketKeys(signalBase) : null;
  const knnWeight = model.calibration.knn ?? 0;
  const neighbours = model.neighbours && knnWeight !== 0 ? createNeighbourSearch(model.neighbours, signalBase) : null;
  // IDF and weight of each bucket side by side: one cache line per term instead of two.
  const idfWeight = model.idf && bucketKeys && cfg.wordScale > 0 ? new Float32Array(2 * signalBase) : null;
  if (idfWeight && model.idf) {
    for (let j = 0; j < signalBase; j++) {
      idfWeight[2 * j] = model.idf[j] as number;
      idfWeight[2 * j + 1] = w[j] as number;
    }
  }
  return {
    version: model.version,
    score(input: ScoreInput): ScoreResult {
      const safe: ScoreInput = {
        text: typeof input?.text === "string" ? input.text : "",
        title: typeof input?.title === "string" ? input.title : null,
        url: typeof input?.url === "string" ? input.url : null,
      };
      let z = model.bias;
      // Reason candidates: signals first, then terms in order of first occurrence.
      const codes: string[] = [];
      const weights: number[] = [];
      let f: RawFeatures | Featurized;
      let contribAt: Float64Array;
      let knnLogit = 0;
      if (idfWeight !== null && neighbours === null) {
        f = extractFeatures(safe, cfg, bucketKeys ?? true);
        contribAt = new Float64Array(f.indices.length);
        z += fusedMargin(f, idfWeight, contribAt, codes, weights, a);
      } else {
        const fv = featurize(safe, cfg, bucketKeys ?? true, model.idf);
        f = fv;
        // Contribution of each entry; with char n-grams a bucket can sit in both blocks, so sum per bucket too.
        contribAt = new Float64Array(fv.indices.length);
        for (let k = 0; k < fv.indices.length; k++) {
          const j = fv.indices[k] as number;
          const c = (w[j] as number) * (fv.values[k] as number);
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
        const terms = bucketContributions(f.indices, contribAt, bucketKeys, a);
        const offset = codes.length;
        for (const t of terms.weights) weights.push(t);
        reasons = chooseReasons(weights, maxReasons).map((i) =>
          toReason(i < offset ? (codes[i] as string) : terms.code(i - offset), weights[i] as number),
        );
        bucketKeys.clear(f.indices);
      } else if (prov) {
        const terms = termContributions(prov, a);
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
    const norm = sq > 0 ? cfg.wordScale / Math.sqrt(sq) : 0;
    let z = 0;
    for (let k = 0; k < n; k++) {
      const c = (iw[2 * (raw.indices[k] as number) + 1] as number) * Math.fround((contribAt[k] as number) * norm);
      contribAt[k] = c;
      z += c;
    }
    for (let i = 0; i < raw.signals.length; i++) {
      const s = (raw.signals[i] ?? 0) * cfg.signalScale;
      if (s === 0) continue;
      const c = (w[signalBase + i] as number) * Math.fround(s);
      z += c;
      codes.push(SIGNAL_NAMES[i] as string);
      weights.push(c * a);
    }
    return z;
  }

  /**
   * {@link termContributions} from codes kept per bucket: a bucket with one
   * code gives it its whole contribution; a bucket where codes collided is
   * split by occurrences.
   */
  function bucketContributions(
    indices: Int32Array,
    contribAt: Float64Array,
    keys: BucketKeys,
    a: number,
  ): { weights: number[]; code: (e: number) => string } {
    const weights: number[] = [];
    const codes: (string | number)[] = []; // a bucket number, or the code itself for split buckets
    for (let k = 0; k < indices.length; k++) {
      const bk = indices[k] as number;
      if (bk >= signalBase || keys.heads[bk] === undefined) continue;
      const c = (contribAt[k] as number) * a;
      const split = keys.collisions.get(bk);
      if (split === undefined) {
        weights.push(c);
        codes.push(bk);
        continue;
      }
      const counts = new Map<string, number>([[keys.code(bk), split.firstCount]]);
      split.heads.forEach((h, i) => {
        const code = codeOf(h, split.tails[i]);
        counts.set(code, (counts.get(code) ?? 0) + 1);
      });
      const total = split.firstCount + split.heads.length;
      for (const [code, n] of counts) {
        weights.push((c * n) / total);
        codes.push(code);
      }
    }
    return {
      weights,
      code: (e) => (typeof codes[e] === "number" ? keys.code(codes[e] as number) : (codes[e] as string)),
    };
  }

  /**
   * Contribution of each reason code (term, phrase, domain) to the calibrated
   * log-odds: each bucket's contribution is split evenly among the occurrences
   * that hashed to it, then summed per code. Codes are built only for the
   * reasons returned; without char n-grams a code lives in one bucket, so
   * occurrences are grouped per bucket.
   */
  function termContributions(prov: ProvenanceLog, a: number): { weights: number[]; code: (e: number) => string } {
    const { buckets, heads, tails } = prov;
    for (const bk of buckets) seen[bk] = (seen[bk] as number) + 1;
    const occ: number[] = []; // first occurrence of each entry
    const weights: number[] = [];
    const next: number[] = []; // next entry in the same bucket (hash collisions)
    for (let i = 0; i < buckets.length; i++) {
      const bk = buckets[i] as number;
      const head = heads[i];
      const tail = tails[i];
      let e = entryOf[bk] as number;
      while (e >= 0 && !(heads[occ[e] as number] === head && tails[occ[e] as number] === tail)) e = next[e] as number;
      if (e < 0) {
        e = occ.length;
        occ.push(i);
        weights.push(0);
        next.push(entryOf[bk] as number);
        entryOf[bk] = e;
      }
      weights[e] = (weights[e] as number) + ((bucketContrib[bk] as number) * a) / (seen[bk] as number);
    }
    for (const bk of buckets) {
      seen[bk] = 0;
      entryOf[bk] = -1;
    }
    if (prov.charOccurrences === 0) return { weights, code: (e) => prov.key(occ[e] as number) };
    // Char n-grams spread one word's code over many buckets: merge entries by code.
    const merged = new Map<string, number>();
    occ.forEach((i, e) => {
      const k = prov.key(i);
      merged.set(k, (merged.get(k) ?? 0) + (weights[e] as number));
    });
    const mergedCodes = [...merged.keys()];
    return { weights: [...merged.values()], code: (e) => mergedCodes[e] as string };
  }
}

/** Reason code of a neighbour vote: `neighbours:hoaks:<n>` or `neighbours:valid:<n>`, n agreeing with its sign. */
function neighbourCode(v: NeighbourVote): string {
  return v.vote >= 0 ? `neighbours:hoaks:${v.positives}` : `neighbours:valid:${v.negatives}`;
}

/**
 * Calibrated probability of already counted features (no reasons): what
 * {@link createScorer} computes, for evaluations that featurise once.
 */
export function createRawPredictor(model: LinearModel): (raw: RawFeatures) => number {
  const w = denseWeights(model);
  const size = 2 ** model.features.hashBits;
  const { a, b } = model.calibration;
  const knnWeight = model.calibration.knn ?? 0;
  const neighbours = model.neighbours && knnWeight !== 0 ? createNeighbourSearch(model.neighbours, size) : null;
  return (raw) => {
    const x = weighFeatures(raw, model.features, model.idf);
    let z = model.bias;
    for (let k = 0; k < x.indices.length; k++) z += (w[x.indices[k] as number] as number) * (x.values[k] as number);
    return sigmoid(a * z + b + (neighbours ? knnWeight * neighbours(x).vote : 0));
  };
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

/** Reads and validates a model file; throws `Error("cannot load scorer model <path>: …")`. */
export function loadModel(path: string = DEFAULT_MODEL_PATH): LinearModel {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot load scorer model ${path}: ${code === "ENOENT" ? "file not found" : String(e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`cannot load scorer model ${path}: corrupt JSON (${(e as Error).message})`);
  }
  try {
    return fromModelFile(raw);
  } catch (e) {
    throw new Error(`cannot load scorer model ${path}: ${(e as Error).message}`);
  }
}
