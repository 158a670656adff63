import { SIGNAL_NAMES } from "./signals.ts";

/** How text becomes a sparse vector; stored in the model file. */
export interface FeatureConfig {
  /** Hashed features go to 2^hashBits buckets. */
  hashBits: number;
  /** Character n-gram lengths, taken inside words (with `<` `>` word boundary marks). */
  charMin: number;
  charMax: number;
  /** L2 norm given to the word n-gram block and to the char n-gram block (0 drops the block). */
  wordScale: number;
  charScale: number;
  /** Only the first `charWords` kept words feed char n-grams: bounds the cost of long news bodies. */
  charWords: number;
  /** Weigh every hashed feature by its inverse document frequency (stored in the model). */
  idf: boolean;
  /** Multiplier of the 0..1 signal values, so they sit on the scale of the normalised blocks. */
  signalScale: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  hashBits: 18,
  charMin: 3,
  charMax: 5,
  wordScale: 1,
  charScale: 0,
  charWords: 150,
  idf: true,
  signalScale: 1,
};

/** A sparse feature vector; indices ≥ 2^hashBits are the signals, in {@link SIGNAL_NAMES} order. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** Total feature-space size for a config: hashed buckets plus one slot per signal. */
export function featureDims(cfg: FeatureConfig): number {
  return 2 ** cfg.hashBits + SIGNAL_NAMES.length;
}
