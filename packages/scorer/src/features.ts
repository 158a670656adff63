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
  /** L2 norm given to the word n-gram block and to the char n-gram block. */
  wordScale: number;
  charScale: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  hashBits: 18,
  charMin: 3,
  charMax: 5,
  wordScale: 1,
  charScale: 1,
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
 * Turns one input into a sparse vector: stemmed word unigrams and bigrams
 * (stopwords dropped, bigrams join consecutive kept words), URL host names,
 * character 3–5-grams of kept words, each block log-scaled and L2-normalised,
 * plus the cross-topic signals. With `explain`, also records which term each
 * hashed occurrence came from.
 */
export function featurize(input: ScoreInput, cfg: FeatureConfig, explain = false): Featurized {
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

  for (const t of tokens) {
    let term: string;
    if (t.kind === "word") {
      if (stop.has(t.norm) || t.norm.length < 2) continue;
      term = stemWord(t.norm);
      const w = t.norm.length > MAX_CHARGRAM_WORD ? t.norm.slice(0, MAX_CHARGRAM_WORD) : t.norm;
      const key = prov ? `term:${term}` : "";
      forEachCharNgramHash(`<${w}>`, cfg.charMin, cfg.charMax, SEED_CHAR, (h) => {
        const b = h & mask;
        chars.bump(b);
        if (prov) {
          prov.buckets.push(b);
          prov.keys.push(key);
        }
      });
    } else {
      term = t.norm;
      if (t.kind === "url") {
        const host = /^(?:https?:\/\/)?(?:www\.)?([^/?#:\s]+)/i.exec(t.raw)?.[1]?.toLowerCase();
        if (host) add(words, hashString(host, SEED_DOMAIN) & mask, prov && `domain:${host}`, prov);
      }
    }
    add(words, hashString(term, SEED_WORD) & mask, prov && `term:${term}`, prov);
    if (prev !== null) {
      const bigram = `${prev} ${term}`;
      add(words, hashString(bigram, SEED_BIGRAM) & mask, prov && `phrase:${bigram}`, prov);
    }
    prev = term;
  }

  const signals = extractSignals(text, tokens, input.url);
  const n = words.touched.length + chars.touched.length;
  const indices = new Int32Array(n + SIGNAL_NAMES.length);
  const values = new Float32Array(n + SIGNAL_NAMES.length);
  let k = writeBlock(words, cfg.wordScale, indices, values, 0);
  k = writeBlock(chars, cfg.charScale, indices, values, k);
  const base = mask + 1;
  for (let i = 0; i < signals.length; i++) {
    const s = signals[i] ?? 0;
    if (s === 0) continue;
    indices[k] = base + i;
    values[k] = s;
    k++;
  }
  return {
    indices: indices.subarray(0, k),
    values: values.subarray(0, k),
    signals,
    tokenCount: tokens.length,
    provenance: prov,
  };
}

function add(counter: Counter, bucket: number, key: string | undefined, prov: Provenance | undefined): void {
  counter.bump(bucket);
  if (prov && key !== undefined) {
    prov.buckets.push(bucket);
    prov.keys.push(key);
  }
}

/** Writes a block as 1+ln(count), scaled to L2 norm `scale`; returns the next free slot. */
function writeBlock(counter: Counter, scale: number, idx: Int32Array, val: Float32Array, start: number): number {
  let sq = 0;
  let k = start;
  for (const b of counter.touched) {
    const v = 1 + Math.log(counter.get(b));
    idx[k] = b;
    val[k] = v;
    sq += v * v;
    k++;
  }
  const norm = sq > 0 ? scale / Math.sqrt(sq) : 0;
  for (let i = start; i < k; i++) val[i] = (val[i] as number) * norm;
  return k;
}
