import type { ScoreInput } from "@klinik/core";
import { fmix32, fnvUpdate, forEachCharNgramHash, hashString } from "./hash.ts";
import { indonesianStopwords } from "./natural.ts";
import { prepareText } from "./normalize.ts";
import { extractSignals, SIGNAL_NAMES } from "./signals.ts";
import { stemWord } from "./stem.ts";
import { MENTION_TOKEN, NUM_TOKEN, tokenize, URL_TOKEN } from "./tokenize.ts";

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
  /** Reason code of each occurrence: `term:x`, `phrase:x y` or `domain:x`. */
  keys: string[];
}

/**
 * {@link Provenance} recorded without building a string per occurrence: each
 * occurrence has a `head` (the cached `term:x` or `domain:x` code, or the first
 * word of a phrase) and, for phrases only, a `tail` (the second word). `keys`
 * builds the codes on first use; the scorer reads heads and tails directly
 * and builds codes only for the reasons it returns.
 */
export class ProvenanceLog implements Provenance {
  readonly buckets: number[] = [];
  readonly heads: string[] = [];
  readonly tails: (string | undefined)[] = [];
  /** Occurrences from the char n-gram block: a code then spans several buckets. */
  charOccurrences = 0;
  private built: string[] | undefined;

  push(bucket: number, head: string, tail?: string): void {
    this.buckets.push(bucket);
    this.heads.push(head);
    this.tails.push(tail);
  }

  /** Reason code of occurrence `i`. */
  key(i: number): string {
    return codeOf(this.heads[i] as string, this.tails[i]);
  }

  get keys(): string[] {
    this.built ??= this.buckets.map((_, i) => this.key(i));
    return this.built;
  }
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
  provenance?: ProvenanceLog;
}

export interface Featurized extends SparseVector {
  /** Raw signal values, in {@link SIGNAL_NAMES} order. */
  signals: Float64Array;
  /** Number of word/url/number tokens seen. */
  tokenCount: number;
  provenance?: ProvenanceLog;
}

/**
 * Reason codes per bucket of the word block, for the scorer: without char
 * n-grams every code lives in one bucket, so the first code seen in a bucket
 * is kept there (no per-occurrence record). Buckets where a second code
 * collides keep the count of the first code before the collision and every
 * later occurrence, so their contribution can still be split by occurrences.
 * Reused across calls; {@link BucketKeys.clear} empties the touched buckets.
 */
export class BucketKeys {
  readonly heads: (string | undefined)[];
  readonly tails: (string | undefined)[];
  /** Buckets with more than one code, with what is needed to split them. */
  readonly collisions = new Map<number, { firstCount: number; heads: string[]; tails: (string | undefined)[] }>();

  constructor(size: number) {
    this.heads = new Array<string | undefined>(size).fill(undefined);
    this.tails = new Array<string | undefined>(size).fill(undefined);
  }

  note(bucket: number, head: string, tail: string | undefined, countBefore: number): void {
    if (countBefore === 0) {
      this.heads[bucket] = head;
      this.tails[bucket] = tail;
      return;
    }
    let c = this.collisions.get(bucket);
    if (c === undefined) {
      if (this.heads[bucket] === head && this.tails[bucket] === tail) return;
      c = { firstCount: countBefore, heads: [], tails: [] };
      this.collisions.set(bucket, c);
    }
    c.heads.push(head);
    c.tails.push(tail);
  }

  /** Reason code of the first code seen in a bucket. */
  code(bucket: number): string {
    return codeOf(this.heads[bucket] as string, this.tails[bucket]);
  }

  clear(buckets: ArrayLike<number>): void {
    for (let k = 0; k < buckets.length; k++) {
      this.heads[buckets[k] as number] = undefined;
      this.tails[buckets[k] as number] = undefined;
    }
    this.collisions.clear();
  }
}

/** `head` for terms and domains; `phrase:head tail` for bigrams. */
export function codeOf(head: string, tail: string | undefined): string {
  return tail === undefined ? head : `phrase:${head} ${tail}`;
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

/** What every occurrence of one lowercased token needs, computed once per distinct token. */
interface TermInfo {
  /** Stem (words) or placeholder (URLs, numbers, mentions). */
  term: string;
  /** Mixed hash of the unigram; its low bits are the bucket. */
  hash: number;
  /** Reason code, `term:<term>`. */
  key: string;
  /** FNV state after `<term> ` from the bigram seed: a bigram's hash continues from it with the next term. */
  bigramState: number;
}

const MAX_TERM_CACHE = 200_000;
const termCache = new Map<string, TermInfo | null>();

function termInfo(term: string): TermInfo {
  return {
    term,
    hash: hashString(term, SEED_WORD),
    key: `term:${term}`,
    bigramState: fnvUpdate(SEED_BIGRAM, `${term} `),
  };
}

const PLACEHOLDER_INFO = {
  url: termInfo(URL_TOKEN),
  num: termInfo(NUM_TOKEN),
  mention: termInfo(MENTION_TOKEN),
} as const;

/** Stemmed term of a lowercased word, or null for stopwords and one-letter words; memoised. */
function wordInfo(norm: string): TermInfo | null {
  let info = termCache.get(norm);
  if (info === undefined) {
    info = norm.length < 2 || indonesianStopwords().has(norm) ? null : termInfo(stemWord(norm));
    if (termCache.size >= MAX_TERM_CACHE) termCache.clear();
    termCache.set(norm, info);
  }
  return info;
}

/**
 * Counts the hashed terms of one input: stemmed word unigrams and bigrams
 * (stopwords dropped, bigrams join consecutive kept words), URL host names,
 * and character n-grams of the first `cfg.charWords` kept words; plus the
 * cross-topic signals. With `explain`, also records which term each hashed
 * occurrence came from; given a {@link BucketKeys} (and no char n-grams),
 * records the codes per bucket there instead.
 */
export function extractFeatures(
  input: ScoreInput,
  cfg: FeatureConfig,
  explain: boolean | BucketKeys = false,
): RawFeatures {
  const text = prepareText(typeof input.text === "string" ? input.text : "", input.title);
  const tokens = tokenize(text);
  const mask = 2 ** cfg.hashBits - 1;
  const words = wordCounter;
  const chars = charCounter;
  words.reset(mask + 1);
  chars.reset(mask + 1);
  const prov = explain === true ? new ProvenanceLog() : undefined;
  const keys = explain instanceof BucketKeys && cfg.charScale === 0 ? explain : undefined;
  let prev: TermInfo | null = null;
  let charBudget = cfg.charScale > 0 ? cfg.charWords : 0;

  for (const t of tokens) {
    let info: TermInfo | null;
    if (t.kind === "word") {
      info = wordInfo(t.norm);
      if (info === null) continue;
      if (charBudget > 0) {
        charBudget--;
        const w = t.norm.length > MAX_CHARGRAM_WORD ? t.norm.slice(0, MAX_CHARGRAM_WORD) : t.norm;
        const key = (info as TermInfo).key;
        forEachCharNgramHash(`<${w}>`, cfg.charMin, cfg.charMax, SEED_CHAR, (h) => {
          const b = h & mask;
          chars.bump(b);
          if (prov) {
            prov.push(b, key);
            prov.charOccurrences++;
          }
        });
      }
    } else {
      info = PLACEHOLDER_INFO[t.kind];
      if (t.kind === "url") {
        const host = /^(?:https?:\/\/)?(?:www\.)?([^/?#:\s]+)/i.exec(t.raw)?.[1]?.toLowerCase();
        if (host) {
          const b = hashString(host, SEED_DOMAIN) & mask;
          keys?.note(b, `domain:${host}`, undefined, words.get(b));
          words.bump(b);
          prov?.push(b, `domain:${host}`);
        }
      }
    }
    const b = info.hash & mask;
    keys?.note(b, info.key, undefined, words.get(b));
    words.bump(b);
    prov?.push(b, info.key);
    if (prev !== null) {
      const bb = fmix32(fnvUpdate(prev.bigramState, info.term)) & mask;
      keys?.note(bb, prev.term, info.term, words.get(bb));
      words.bump(bb);
      prov?.push(bb, prev.term, info.term);
    }
    prev = info;
  }

  const wordEnd = cfg.wordScale > 0 ? words.touched.length : 0;
  const n = wordEnd + chars.touched.length;
  const indices = new Int32Array(n);
  const counts = new Float32Array(n);
  let k = 0;
  if (wordEnd > 0) {
    for (const b of words.touched) {
      indices[k] = b;
      counts[k++] = words.get(b);
    }
  }
  for (const b of chars.touched) {
    indices[k] = b;
    counts[k++] = chars.get(b);
  }
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

/** 1 + ln(count) for small counts, the sublinear term frequency. */
const SUBLINEAR = Float64Array.from({ length: 256 }, (_, c) => 1 + Math.log(c));

/** Sublinear term frequency, 1 + ln(count). */
export function sublinearTf(count: number): number {
  return count < SUBLINEAR.length ? (SUBLINEAR[count] as number) : 1 + Math.log(count);
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
    const v = sublinearTf(raw.counts[k] as number) * (idf ? (idf[b] as number) : 1);
    idx[k] = b;
    val[k] = v;
    sq += v * v;
  }
  const norm = sq > 0 ? scale / Math.sqrt(sq) : 0;
  for (let k = from; k < to; k++) val[k] = (val[k] as number) * norm;
}
