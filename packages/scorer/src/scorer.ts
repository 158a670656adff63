import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ScoreInput, ScoreResult, Scorer } from "@klinik/core";
import { sigmoid } from "./calibrate.ts";
import { featurize } from "./features.ts";
import { denseWeights, fromModelFile, type LinearModel } from "./model.ts";
import { pickReasons } from "./reasons.ts";
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
  // Per-scorer scratch, reset after every call (scoring is synchronous).
  const bucketContrib = new Float64Array(signalBase);
  const seen = new Uint32Array(signalBase);
  const share = new Float64Array(signalBase);
  return {
    version: model.version,
    score(input: ScoreInput): ScoreResult {
      const safe: ScoreInput = {
        text: typeof input?.text === "string" ? input.text : "",
        title: typeof input?.title === "string" ? input.title : null,
        url: typeof input?.url === "string" ? input.url : null,
      };
      const f = featurize(safe, cfg, true, model.idf);
      let z = model.bias;
      const contrib = new Map<string, number>();
      for (let k = 0; k < f.indices.length; k++) {
        const j = f.indices[k] as number;
        const c = (w[j] as number) * (f.values[k] as number);
        z += c;
        if (j >= signalBase) contrib.set(SIGNAL_NAMES[j - signalBase] as string, c * a);
        else bucketContrib[j] = (bucketContrib[j] as number) + c;
      }
      const score = sigmoid(a * z + b);
      const prov = f.provenance;
      if (prov) {
        // Split each bucket's contribution evenly among the occurrences that hashed to it.
        for (const bk of prov.buckets) seen[bk] = (seen[bk] as number) + 1;
        for (let k = 0; k < f.indices.length; k++) {
          const j = f.indices[k] as number;
          if (j < signalBase && (seen[j] as number) > 0)
            share[j] = ((bucketContrib[j] as number) * a) / (seen[j] as number);
        }
        let key = "";
        let sum = 0;
        const { buckets, keys } = prov;
        for (let i = 0; i < buckets.length; i++) {
          const k = keys[i] as string;
          if (k !== key) {
            if (key !== "") contrib.set(key, (contrib.get(key) ?? 0) + sum);
            key = k;
            sum = 0;
          }
          sum += share[buckets[i] as number] as number;
        }
        if (key !== "") contrib.set(key, (contrib.get(key) ?? 0) + sum);
        for (const bk of prov.buckets) seen[bk] = 0;
      }
      for (let k = 0; k < f.indices.length; k++) {
        const j = f.indices[k] as number;
        if (j < signalBase) {
          bucketContrib[j] = 0;
          share[j] = 0;
        }
      }
      const reasons = pickReasons(contrib, maxReasons);
      if (f.tokenCount === 0) reasons.unshift(EMPTY_REASON);
      return { score, reasons: reasons.length > 0 ? reasons : [EMPTY_REASON] };
    },
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
