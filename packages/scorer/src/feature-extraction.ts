import type { ScoreInput } from "@klinik/core";
import { type FeatureConfig, LEGACY_TEXT_SWITCHES } from "./feature-config.ts";
import { BucketKeys, ProvenanceLog } from "./feature-provenance.ts";
import { fmix32, fnvUpdate, forEachCharNgramHash, hashString } from "./hash.ts";
import { indonesianStopwords } from "./natural.ts";
import { prepareText } from "./normalize.ts";
import { extractSignals } from "./signals.ts";
import { stemWord } from "./stem.ts";
import { MENTION_TOKEN, NUM_TOKEN, tokenize, URL_TOKEN } from "./tokenize.ts";

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

const SEED_WORD = 0x811c9dc5;
const SEED_BIGRAM = 0x2f0d3a1b;
const SEED_CHAR = 0x5bd1e995;
const SEED_DOMAIN = 0x68e31da4;
/** Longer "words" (base64 blobs, keyboard mashing) only feed their first 30 chars to char n-grams. */
const MAX_CHARGRAM_WORD = 30;

/**
 * Sparse counter over buckets backed by a reusable dense array: much faster
 * than a Map for the hundreds of n-grams of each document. Scoring is
 * synchronous, so one scratch array per block is enough.
 */
class Counter {
  // 16 bits are enough: a text is cut to 20,000 code units (MAX_TEXT_CHARS), so a bucket gets at most
  // 20,000 tokens × 3 (unigram, bigram, domain) bumps; half the bytes of 32 bits keeps more of it in cache.
  private counts = new Uint16Array(0);
  readonly touched: number[] = [];
  reset(size: number): void {
    if (this.counts.length !== size) this.counts = new Uint16Array(size);
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
/** One cache per (stem, drop stopwords) pair, indexed by `2 * stem + drop`. */
const termCaches = [0, 1, 2, 3].map(() => new Map<string, TermInfo | null>());

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

/** Term of a lowercased word (stemmed or as written), or null for one-letter words and dropped stopwords; memoised. */
function wordInfo(
  cache: Map<string, TermInfo | null>,
  norm: string,
  stem: boolean,
  dropStops: boolean,
): TermInfo | null {
  let info = cache.get(norm);
  if (info === undefined) {
    info =
      norm.length < 2 || (dropStops && indonesianStopwords().has(norm)) ? null : termInfo(stem ? stemWord(norm) : norm);
    if (cache.size >= MAX_TERM_CACHE) cache.clear();
    cache.set(norm, info);
  }
  return info;
}

/**
 * Counts the hashed terms of one input: word unigrams and bigrams (stemmed
 * and stopwords dropped if the config says so; bigrams join consecutive kept
 * words, and placeholders only when `placeholderBigrams`), URL host names,
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
  const stem = cfg.stem ?? LEGACY_TEXT_SWITCHES.stem;
  const dropStops = cfg.dropStopwords ?? LEGACY_TEXT_SWITCHES.dropStopwords;
  const numbers = cfg.numbers ?? LEGACY_TEXT_SWITCHES.numbers;
  const placeholderBigrams = cfg.placeholderBigrams ?? LEGACY_TEXT_SWITCHES.placeholderBigrams;
  const pairHash = (cfg.bigramHash ?? LEGACY_TEXT_SWITCHES.bigramHash) === "pair";
  const cache = termCaches[(stem ? 2 : 0) + (dropStops ? 1 : 0)] as Map<string, TermInfo | null>;

  for (const t of tokens) {
    let info: TermInfo | null;
    if (t.kind === "word") {
      info = cache.get(t.norm) ?? wordInfo(cache, t.norm, stem, dropStops);
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
      if (t.kind === "num" && !numbers) {
        if (!placeholderBigrams) prev = null;
        continue;
      }
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
    const isWord = t.kind === "word";
    if (prev !== null && (isWord || placeholderBigrams)) {
      const bb =
        (pairHash
          ? fmix32(Math.imul(prev.hash, 0x9e3779b1) ^ info.hash)
          : fmix32(fnvUpdate(prev.bigramState, info.term))) & mask;
      keys?.note(bb, prev.term, info.term, words.get(bb));
      words.bump(bb);
      prov?.push(bb, prev.term, info.term);
    }
    prev = isWord || placeholderBigrams ? info : null;
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
