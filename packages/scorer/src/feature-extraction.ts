import type { ScoreInput } from "@klinik/core";
import { BucketCounter } from "./bucket-counter.ts";
import { type FeatureConfig, LEGACY_TEXT_SWITCHES } from "./feature-config.ts";
import { BucketKeys, ProvenanceLog } from "./feature-provenance.ts";
import { fmix32, fnvUpdate, forEachCharNgramHash, hashString } from "./hash.ts";
import { indonesianStopwords } from "./natural.ts";
import { prepareText } from "./normalize.ts";
import { extractSignals } from "./signals.ts";
import { stemWord } from "./stem.ts";
import { asciiLowerFnv, NOT_ASCII, TermTable } from "./term-table.ts";
import { MENTION_TOKEN, NUM, NUM_TOKEN, scanTokens, TokenSpans, URL, URL_TOKEN, WORD } from "./tokenize.ts";

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

// Scoring is synchronous: one counter per block for the thread.
const wordCounter = new BucketCounter();
const charCounter = new BucketCounter();

/** What every occurrence of one lowercased token needs, computed once per distinct token. */
interface TermInfo {
  /** Stem (words) or placeholder (URLs, numbers, mentions). */
  term: string;
  /** The lowercased word as written (its char n-grams are taken from it). */
  surface: string;
  /** Mixed hash of the unigram; its low bits are the bucket. */
  hash: number;
  /** Reason code, `term:<term>`. */
  key: string;
  /** FNV state after `<term> ` from the bigram seed: a bigram's hash continues from it with the next term. */
  bigramState: number;
}

const MAX_TERM_CACHE = 200_000;
/** One table per (stem, drop stopwords) pair, indexed by `2 * stem + drop`; null for one-letter words and dropped stopwords. */
const termTables = [0, 1, 2, 3].map(() => new TermTable<TermInfo | null>(MAX_TERM_CACHE));

function termInfo(term: string, surface = term): TermInfo {
  return {
    term,
    surface,
    hash: hashString(term, SEED_WORD),
    key: `term:${term}`,
    bigramState: fnvUpdate(SEED_BIGRAM, `${term} `),
  };
}

const PLACEHOLDER_INFO: readonly TermInfo[] = [URL_TOKEN, URL_TOKEN, NUM_TOKEN, MENTION_TOKEN].map((t) => termInfo(t));

/** Term of a lowercased word (stemmed or as written), or null for one-letter words and dropped stopwords. */
function wordInfo(norm: string, stem: boolean, dropStops: boolean): TermInfo | null {
  return norm.length < 2 || (dropStops && indonesianStopwords().has(norm))
    ? null
    : termInfo(stem ? stemWord(norm) : norm, norm);
}

/** Id in `table` of the word `s[from..to)`, lowercased; added on first sight. */
function wordId(
  table: TermTable<TermInfo | null>,
  s: string,
  from: number,
  to: number,
  stem: boolean,
  dropStops: boolean,
): number {
  const key = asciiLowerFnv(s, from, to, SEED_WORD);
  if (key !== NOT_ASCII) {
    const id = table.find(key, s, from, to);
    if (id >= 0) return id;
    const norm = s.slice(from, to).toLowerCase();
    return table.add(key, norm, wordInfo(norm, stem, dropStops));
  }
  const norm = s.slice(from, to).toLowerCase();
  const nKey = fnvUpdate(SEED_WORD, norm) | 0;
  const id = table.find(nKey, norm, 0, norm.length);
  return id >= 0 ? id : table.add(nKey, norm, wordInfo(norm, stem, dropStops));
}

/** This thread's token spans, reused by every document. */
const spans = new TokenSpans();

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
  const tokens = scanTokens(text, spans);
  const mask = 2 ** cfg.hashBits - 1;
  const words = wordCounter;
  const chars = charCounter;
  words.reset();
  chars.reset();
  const prov = explain === true ? new ProvenanceLog() : undefined;
  const keys = explain instanceof BucketKeys && cfg.charScale === 0 ? explain : undefined;
  let prev: TermInfo | null = null;
  let charBudget = cfg.charScale > 0 ? cfg.charWords : 0;
  const stem = cfg.stem ?? LEGACY_TEXT_SWITCHES.stem;
  const dropStops = cfg.dropStopwords ?? LEGACY_TEXT_SWITCHES.dropStopwords;
  const numbers = cfg.numbers ?? LEGACY_TEXT_SWITCHES.numbers;
  const placeholderBigrams = cfg.placeholderBigrams ?? LEGACY_TEXT_SWITCHES.placeholderBigrams;
  const pairHash = (cfg.bigramHash ?? LEGACY_TEXT_SWITCHES.bigramHash) === "pair";
  const table = termTables[(stem ? 2 : 0) + (dropStops ? 1 : 0)] as TermTable<TermInfo | null>;
  // Emptied between documents only, so the ids of this document stay valid (it adds at most ~10,000).
  if (table.size >= MAX_TERM_CACHE) table.clear();

  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kind[i] as number;
    const from = tokens.start[i] as number;
    const to = tokens.end[i] as number;
    let info: TermInfo | null;
    if (kind === WORD) {
      info = table.values[wordId(table, text, from, to, stem, dropStops)] as TermInfo | null;
      if (info === null) continue;
      if (charBudget > 0) {
        charBudget--;
        const norm = info.surface;
        const w = norm.length > MAX_CHARGRAM_WORD ? norm.slice(0, MAX_CHARGRAM_WORD) : norm;
        const key = info.key;
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
      if (kind === NUM && !numbers) {
        if (!placeholderBigrams) prev = null;
        continue;
      }
      info = PLACEHOLDER_INFO[kind] as TermInfo;
      if (kind === URL) {
        const host = /^(?:https?:\/\/)?(?:www\.)?([^/?#:\s]+)/i.exec(text.slice(from, to))?.[1]?.toLowerCase();
        if (host) {
          const b = hashString(host, SEED_DOMAIN) & mask;
          const before = words.bump(b);
          keys?.note(words.entry, `domain:${host}`, undefined, before);
          prov?.push(b, `domain:${host}`);
        }
      }
    }
    const b = info.hash & mask;
    const before = words.bump(b);
    keys?.note(words.entry, info.key, undefined, before);
    prov?.push(b, info.key);
    const isWord = kind === WORD;
    if (prev !== null && (isWord || placeholderBigrams)) {
      const bb =
        (pairHash
          ? fmix32(Math.imul(prev.hash, 0x9e3779b1) ^ info.hash)
          : fmix32(fnvUpdate(prev.bigramState, info.term))) & mask;
      const bigramBefore = words.bump(bb);
      keys?.note(words.entry, prev.term, info.term, bigramBefore);
      prov?.push(bb, prev.term, info.term);
    }
    prev = isWord || placeholderBigrams ? info : null;
  }

  const wordEnd = cfg.wordScale > 0 ? words.buckets.length : 0;
  const n = wordEnd + chars.buckets.length;
  const indices = new Int32Array(n);
  const counts = new Float32Array(n);
  for (let e = 0; e < wordEnd; e++) {
    indices[e] = words.buckets[e] as number;
    counts[e] = words.count(e);
  }
  for (let e = 0; e < chars.buckets.length; e++) {
    indices[wordEnd + e] = chars.buckets[e] as number;
    counts[wordEnd + e] = chars.count(e);
  }
  return {
    indices,
    counts,
    wordEnd,
    signals: extractSignals(text, tokens, input.url),
    tokenCount: tokens.count,
    provenance: prov,
  };
}
