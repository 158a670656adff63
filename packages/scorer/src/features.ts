import type { ScoreInput } from "@klinik/core";
import { forEachCharNgramHash, hashString } from "./hash.ts";
import { indonesianStopwords } from "./natural.ts";
import { prepareText } from "./normalize.ts";
import { extractSignals, SIGNAL_NAMES } from "./signals.ts";
import { stemWord } from "./stem.ts";
import { tokenize } from "./tokenize.ts";

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

/** Where each hashed occurrence came from, for turning weights into reasons. */
export interface Provenance {
  buckets: number[];
  keys: string[];
}

/**
 * Term counts of one document before weighting: hashed buckets of the word
 * block (`indices[0..wordEnd)`) then of the char block, with raw counts.
 */
export interface RawFeatures {
  indices: Int32Array;
  counts: Float32Array;
  wordEnd: number;
  /** Raw signal values, in {@link SIGNAL_NAMES} order. */
  signals: Float64Array;
  /** Number of word/url/number tokens seen. */
  tokenCount: number;
  provenance?: Provenance;
}

export interface Featurized extends SparseVector {
  /** Raw signal values, in {@link SIGNAL_NAMES} order. */
  signals: Float64Array;
  /** Number of word/url/number tokens seen. */
  tokenCount: number;
  provenance?: Provenance;
}

const SEED_WORD = 0x811c9dc5;
const SEED_BIGRAM = 0x2f0d3a1b;
const SEED_CHAR = 0x5bd1e995;
const SEED_DOMAIN = 0x68e31da4;
/** Longer "words" (base64 blobs, keyboard mashing) only feed their first 30 chars to char n-grams. */
const MAX_CHARGRAM_WORD = 30;

/** Total feature-space size for a config: hashed buckets plus one slot per signal. */
export function featureDims(cfg: FeatureConfig): number {
  return 2 ** cfg.hashBits + SIGNAL_NAMES.length;
}

/**
 * Sparse counter over buckets backed by a reusable dense array: much faster
 * than a Map for the hundreds of n-grams of each document. Scoring is
 * synchronous, so one scratch array per block is enough.
 */
class Counter {
  private counts = new Uint32Array(0);
  readonly touched: number[] = [];
  reset(size: number): void {
    if (this.counts.length !== size) this.counts = new Uint32Array(size);
    for (const b of this.touched) this.counts[b] = 0;
    this.touched.length = 0;
  }
  bump(b: number): void {
    const c = this.counts[b] as number;
    if (c === 0) this.touched.push(b);
    this.counts[b] = c + 1;
  }
  get(b: number): number {
    return this.counts[b] as number;
  }
}

const wordCounter = new Counter();
const charCounter = new Counter();

/**
 * Counts the hashed terms of one input: stemmed word unigrams and bigrams
 * (stopwords dropped, bigrams join consecutive kept words), URL host names,
 * and character n-grams of the first `cfg.charWords` kept words; plus the
 * cross-topic signals. With `explain`, also records which term each hashed
 * occurrence came from.
 */
export function extractFeatures(input: ScoreInput, cfg: FeatureConfig, explain = false): RawFeatures {
  const text = prepareText(typeof input.text === "string" ? input.text : "", input.title);
  const tokens = tokenize(text);
  const stop = indonesianStopwords();
  const mask = 2 ** cfg.hashBits - 1;
  const words = wordCounter;
  const chars = charCounter;
  words.reset(mask + 1);
  chars.reset(mask + 1);
  const prov: Provenance | undefined = explain ? { buckets: [], keys: [] } : undefined;
  let prev: string | null = null;
  let charBudget = cfg.charScale > 0 ? cfg.charWords : 0;

  for (const t of tokens) {
    let term: string;
    if (t.kind === "word") {
      if (t.norm.length < 2 || stop.has(t.norm)) continue;
      term = stemWord(t.norm);
      if (charBudget > 0) {
        charBudget--;
        const w = t.norm.length > MAX_CHARGRAM_WORD ? t.norm.slice(0, MAX_CHARGRAM_WORD) : t.norm;
        const key = prov ? termKey(term) : "";
        forEachCharNgramHash(`<${w}>`, cfg.charMin, cfg.charMax, SEED_CHAR, (h) => {
          const b = h & mask;
          chars.bump(b);
          if (prov) {
            prov.buckets.push(b);
            prov.keys.push(key);
          }
        });
      }
    } else {
      term = t.norm;
      if (t.kind === "url") {
        const host = /^(?:https?:\/\/)?(?:www\.)?([^/?#:\s]+)/i.exec(t.raw)?.[1]?.toLowerCase();
        if (host) add(words, hashString(host, SEED_DOMAIN) & mask, prov && `domain:${host}`, prov);
      }
    }
    add(words, hashString(term, SEED_WORD) & mask, prov && termKey(term), prov);
    if (prev !== null) {
      const bigram = `${prev} ${term}`;
      add(words, hashString(bigram, SEED_BIGRAM) & mask, prov && `phrase:${bigram}`, prov);
    }
    prev = term;
  }

  const wordEnd = cfg.wordScale > 0 ? words.touched.length : 0;
  const n = wordEnd + chars.touched.length;
  const indices = new Int32Array(n);
  const counts = new Float32Array(n);
  let k = 0;
  if (wordEnd > 0) for (const b of words.touched) (indices[k] = b), (counts[k++] = words.get(b));
  for (const b of chars.touched) (indices[k] = b), (counts[k++] = chars.get(b));
  return {
    indices,
    counts,
    wordEnd,
    signals: extractSignals(text, tokens, input.url),
    tokenCount: tokens.length,
    provenance: prov,
  };
}

/**
 * Weighs raw counts into the vector the model sees: sublinear tf (1 + ln
 * count) times IDF (when given), each block L2-normalised to its scale, so a
 * 2,000-character news body and a tweet have the same norm; then the signals.
 */
export function weighFeatures(raw: RawFeatures, cfg: FeatureConfig, idf: Float32Array | null): SparseVector {
  const n = raw.indices.length;
  const indices = new Int32Array(n + SIGNAL_NAMES.length);
  const values = new Float32Array(n + SIGNAL_NAMES.length);
  writeBlock(raw, 0, raw.wordEnd, cfg.wordScale, idf, indices, values);
  writeBlock(raw, raw.wordEnd, n, cfg.charScale, idf, indices, values);
  let k = n;
  const base = 2 ** cfg.hashBits;
  for (let i = 0; i < raw.signals.length; i++) {
    const s = (raw.signals[i] ?? 0) * cfg.signalScale;
    if (s === 0) continue;
    indices[k] = base + i;
    values[k] = s;
    k++;
  }
  return { indices: indices.subarray(0, k), values: values.subarray(0, k) };
}

/** Smoothed IDF, ln((1 + n) / (1 + df)) + 1, of every bucket over the given rows. */
export function inverseDocFreq(
  raws: readonly RawFeatures[],
  rows: readonly number[],
  cfg: FeatureConfig,
): Float32Array {
  const size = 2 ** cfg.hashBits;
  const df = new Uint32Array(size);
  const last = new Int32Array(size).fill(-1);
  for (const r of rows) {
    const x = raws[r] as RawFeatures;
    for (const b of x.indices) {
      if (last[b] === r) continue; // a bucket in both blocks counts once per document
      last[b] = r;
      df[b] = (df[b] as number) + 1;
    }
  }
  const idf = new Float32Array(size);
  for (let b = 0; b < size; b++) idf[b] = Math.log((1 + rows.length) / (1 + (df[b] as number))) + 1;
  return idf;
}

/** {@link extractFeatures} then {@link weighFeatures}. */
export function featurize(
  input: ScoreInput,
  cfg: FeatureConfig,
  explain = false,
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

const termKeys = new Map<string, string>();
/**
 * `term:<term>`, the same string object for every occurrence of a term, so the
 * scorer's Map lookups reuse its cached hash instead of rehashing a fresh string.
 */
function termKey(term: string): string {
  let k = termKeys.get(term);
  if (k === undefined) {
    if (termKeys.size >= 200_000) termKeys.clear();
    k = `term:${term}`;
    termKeys.set(term, k);
  }
  return k;
}

function add(counter: Counter, bucket: number, key: string | undefined, prov: Provenance | undefined): void {
  counter.bump(bucket);
  if (prov && key !== undefined) {
    prov.buckets.push(bucket);
    prov.keys.push(key);
  }
}

function writeBlock(
  raw: RawFeatures,
  from: number,
  to: number,
  scale: number,
  idf: Float32Array | null,
  idx: Int32Array,
  val: Float32Array,
): void {
  let sq = 0;
  for (let k = from; k < to; k++) {
    const b = raw.indices[k] as number;
    const v = (1 + Math.log(raw.counts[k] as number)) * (idf ? (idf[b] as number) : 1);
    idx[k] = b;
    val[k] = v;
    sq += v * v;
  }
  const norm = sq > 0 ? scale / Math.sqrt(sq) : 0;
  for (let k = from; k < to; k++) val[k] = (val[k] as number) * norm;
}
