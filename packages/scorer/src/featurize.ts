import type { ScoreInput } from "@klinik/core";
import type { FeatureConfig, SparseVector } from "./feature-config.ts";
import { extractFeatures } from "./feature-extraction.ts";
import type { BucketKeys, ProvenanceLog } from "./feature-provenance.ts";
import { weighFeatures } from "./feature-weighting.ts";

export interface Featurized extends SparseVector {
  /** Raw signal values, in {@link SIGNAL_NAMES} order. */
  signals: Float64Array;
  /** Number of word/url/number tokens seen. */
  tokenCount: number;
  provenance?: ProvenanceLog;
}

/** {@link extractFeatures} then {@link weighFeatures}. */
export function featurize(
  input: ScoreInput,
  cfg: FeatureConfig,
  explain: boolean | BucketKeys = false,
  idf: Float32Array | null = null,
): Featurized {
  const raw = extractFeatures(input, cfg, explain);
  return {
    ...weighFeatures(raw, cfg, idf),
    signals: raw.signals,
    tokenCount: raw.tokenCount,
    provenance: raw.provenance,
  };
}
