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
  /**
   * Stem words with Sastrawi. Off in the shipped model: surface words make
   * readable reasons ("penculikan anak", not "culi anak") and measured no worse.
   * Missing in older model files, which stemmed.
   */
  stem?: boolean;
  /** Drop natural's Indonesian stopwords. Off: register cues (semua, sudah, jangan…) separate chain messages from news. */
  dropStopwords?: boolean;
  /** Count numbers (as one placeholder term). Off: numbers mark the news corpus, not truth. */
  numbers?: boolean;
  /** Join placeholders (links, numbers, @mentions) into bigrams. Off: `<num> <num>` is no reason an analyst can read. */
  placeholderBigrams?: boolean;
  /**
   * A word block with fewer distinct terms than this is scaled down in
   * proportion (L2 normalisation alone gives "Selamat pagi" as much evidence
   * as a whole article). 0 or missing = off.
   */
  shortTerms?: number;
  /**
   * How a bigram's bucket is found: "pair" mixes the two words' hashes (no
   * pass over the second word's letters: the word loop is a third of the
   * scoring time of a news body); "fnv" hashes "first second" (older models).
   */
  bigramHash?: "pair" | "fnv";
}

/** Norm of the word block of a document with `terms` distinct word-block entries. */
export function wordBlockScale(cfg: FeatureConfig, terms: number): number {
  const t = cfg.shortTerms ?? 0;
  return t > 0 && terms < t ? (cfg.wordScale * terms) / t : cfg.wordScale;
}

/** What a model file without the optional switches meant (the `klinik-lr/3` models before them). */
export const LEGACY_TEXT_SWITCHES = {
  stem: true,
  dropStopwords: true,
  numbers: true,
  placeholderBigrams: true,
  bigramHash: "fnv",
} as const;

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  hashBits: 18,
  charMin: 3,
  charMax: 5,
  wordScale: 1,
  charScale: 0,
  charWords: 150,
  idf: true,
  signalScale: 1,
  stem: false,
  dropStopwords: false,
  numbers: false,
  placeholderBigrams: false,
  shortTerms: 24,
  bigramHash: "pair",
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
