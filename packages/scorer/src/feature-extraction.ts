import type { ScoreInput } from "@klinik/core";
import { BucketCounter } from "./bucket-counter.ts";
import { type FeatureConfig, LEGACY_TEXT_SWITCHES } from "./feature-config.ts";
import { BucketKeys, NO_TAIL, ProvenanceLog } from "./feature-provenance.ts";
import { fmix32, fnvUpdate, forEachCharNgramHash, hashString } from "./hash.ts";
import { indonesianStopwords } from "./natural.ts";
import { prepareText } from "./normalize.ts";
import { extractSignals } from "./signals.ts";
import { stemWord } from "./stem.ts";
import { asciiLowerFnv, NOT_ASCII, Terms, TermTable } from "./term-table.ts";
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

const MAX_TERM_CACHE = 200_000;

/** Placeholder terms by token kind (words have none); their term ids are their kinds, see {@link Terms}'s `fixed`. */
const PLACEHOLDER_TERMS = ["", URL_TOKEN, NUM_TOKEN, MENTION_TOKEN];

/** Words and terms for one (stem, drop stopwords) pair. */
interface Vocabulary {
  words: TermTable;
  terms: Terms;
}
/** One vocabulary per (stem, drop stopwords) pair, indexed by `2 * stem + drop`. */
const vocabularies: Vocabulary[] = [0, 1, 2, 3].map(() => ({
  words: new TermTable(MAX_TERM_CACHE),
  terms: new Terms(
    (t) => hashString(t, SEED_WORD),
    (t) => fnvUpdate(SEED_BIGRAM, `${t} `),
    PLACEHOLDER_TERMS,
  ),
}));

/** Slot in `v.words` of the word `s[from..to)`, lowercased; added on first sight. */
function wordSlot(v: Vocabulary, s: string, from: number, to: number, stem: boolean, dropStops: boolean): number {
  const key = asciiLowerFnv(s, from, to, SEED_WORD);
  if (key !== NOT_ASCII) {
    const p = v.words.find(key, s, from, to);
    return p >= 0 ? p : addWord(v, key, s.slice(from, to).toLowerCase(), stem, dropStops);
  }
  const norm = s.slice(from, to).toLowerCase();
  const nKey = fnvUpdate(SEED_WORD, norm) | 0;
  const p = v.words.find(nKey, norm, 0, norm.length);
  return p >= 0 ? p : addWord(v, nKey, norm, stem, dropStops);
}

/** Adds a lowercased word with its term: stemmed or as written; none for one-letter words and dropped stopwords. */
function addWord(v: Vocabulary, key: number, norm: string, stem: boolean, dropStops: boolean): number {
  if (norm.length < 2 || (dropStops && indonesianStopwords().has(norm))) return v.words.add(key, norm, -1, 0);
  const term = v.terms.id(stem ? stemWord(norm) : norm);
  return v.words.add(key, norm, term, v.terms.hashes[term] as number);
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
  let charBudget = cfg.charScale > 0 ? cfg.charWords : 0;
  const stem = cfg.stem ?? LEGACY_TEXT_SWITCHES.stem;
  const dropStops = cfg.dropStopwords ?? LEGACY_TEXT_SWITCHES.dropStopwords;
  const numbers = cfg.numbers ?? LEGACY_TEXT_SWITCHES.numbers;
  const placeholderBigrams = cfg.placeholderBigrams ?? LEGACY_TEXT_SWITCHES.placeholderBigrams;
  const pairHash = (cfg.bigramHash ?? LEGACY_TEXT_SWITCHES.bigramHash) === "pair";
  const vocab = vocabularies[(stem ? 2 : 0) + (dropStops ? 1 : 0)] as Vocabulary;
  // Emptied between documents only, so the ids of this document stay valid (it adds at most ~10,000 words).
  if (vocab.words.size >= MAX_TERM_CACHE) {
    vocab.words.clear();
    vocab.terms.clear();
  }
  const { terms } = vocab;
  keys?.bind(terms);
  // The previous kept term, for bigrams: its id (-1: none) and hash.
  let prev = -1;
  let prevHash = 0;

  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kind[i] as number;
    const from = tokens.start[i] as number;
    const to = tokens.end[i] as number;
    let term: number;
    let hash: number;
    if (kind === WORD) {
      const p = wordSlot(vocab, text, from, to, stem, dropStops);
      term = vocab.words.termAt(p);
      if (term < 0) continue;
      hash = vocab.words.hashAt(p);
      if (charBudget > 0) {
        charBudget--;
        const norm = vocab.words.wordAt(p);
        const w = norm.length > MAX_CHARGRAM_WORD ? norm.slice(0, MAX_CHARGRAM_WORD) : norm;
        const key = terms.keys[term] as string;
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
        if (!placeholderBigrams) prev = -1;
        continue;
      }
      term = kind; // placeholders' ids, see PLACEHOLDER_TERMS
      hash = terms.hashes[term] as number;
      if (kind === URL) {
        const host = /^(?:https?:\/\/)?(?:www\.)?([^/?#:\s]+)/i.exec(text.slice(from, to))?.[1]?.toLowerCase();
        if (host) {
          const b = hashString(host, SEED_DOMAIN) & mask;
          const before = words.bump(b);
          keys?.note(words.entry, keys.domain(host), NO_TAIL, before);
          prov?.push(b, `domain:${host}`);
        }
      }
    }
    const b = hash & mask;
    const before = words.bump(b);
    keys?.note(words.entry, term, NO_TAIL, before);
    prov?.push(b, terms.keys[term] as string);
    const isWord = kind === WORD;
    if (prev >= 0 && (isWord || placeholderBigrams)) {
      const bb =
        (pairHash
          ? fmix32(Math.imul(prevHash, 0x9e3779b1) ^ hash)
          : fmix32(fnvUpdate(terms.bigramStates[prev] as number, terms.terms[term] as string))) & mask;
      const bigramBefore = words.bump(bb);
      keys?.note(words.entry, prev, term, bigramBefore);
      prov?.push(bb, terms.terms[prev] as string, terms.terms[term]);
    }
    if (isWord || placeholderBigrams) {
      prev = term;
      prevHash = hash;
    } else prev = -1;
  }

  const wordEnd = cfg.wordScale > 0 ? words.size : 0;
  const n = wordEnd + chars.size;
  const indices = new Int32Array(n);
  const counts = new Float32Array(n);
  for (let e = 0; e < wordEnd; e++) {
    indices[e] = words.bucket(e);
    counts[e] = words.count(e);
  }
  for (let e = 0; e < chars.size; e++) {
    indices[wordEnd + e] = chars.bucket(e);
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
