import { createRequire } from "node:module";

// natural's top-level entry takes ~4 s and prints dotenv banners because it
// loads every submodule; the Indonesian pieces are required directly instead.
const require = createRequire(import.meta.url);

/** The part of natural's `StemmerId` this package relies on. */
export interface NaturalStemmer {
  stem(token: string): string;
  tokenizeAndStem(text: string, keepStops?: boolean): string[];
}

/** The part of natural's `BayesClassifier` used by the baselines. */
export interface NaturalBayesClassifier {
  addDocument(text: string, label: string): void;
  train(): void;
  classify(text: string): string;
  getClassifications(text: string): { label: string; value: number }[];
}

let stemmer: NaturalStemmer | undefined;
let stopwords: ReadonlySet<string> | undefined;

/** natural's Indonesian (Sastrawi) stemmer, loaded on first use. */
export function naturalStemmerId(): NaturalStemmer {
  stemmer ??= require("natural/lib/natural/stemmers/indonesian/stemmer_id.js") as NaturalStemmer;
  return stemmer;
}

/** natural's Indonesian stopword list as a Set (natural scans an array). */
export function indonesianStopwords(): ReadonlySet<string> {
  if (!stopwords) {
    const mod = require("natural/lib/natural/util/stopwords_id.js") as { words: string[] };
    stopwords = new Set(mod.words);
  }
  return stopwords;
}

/**
 * natural's `StemmerId.tokenizeAndStem` (lowercase, `AggressiveTokenizerId`,
 * stopwords dropped, `stem` per token) with the stems memoised. Same output as
 * the original; only faster, since natural stems every token from scratch.
 */
function memoisedStemmerId(): NaturalStemmer {
  const base = naturalStemmerId();
  const Tokenizer = require("natural/lib/natural/tokenizers/aggressive_tokenizer_id.js") as new () => {
    tokenize(s: string): string[];
  };
  const stops = indonesianStopwords();
  const cache = new Map<string, string>();
  const stem = (t: string): string => {
    let s = cache.get(t);
    if (s === undefined) {
      s = base.stem(t);
      cache.set(t, s);
    }
    return s;
  };
  return {
    stem,
    tokenizeAndStem(text: string, keepStops?: boolean): string[] {
      const tokens = new Tokenizer().tokenize(text.toLowerCase());
      return (keepStops ? tokens : tokens.filter((t) => !stops.has(t))).map(stem);
    },
  };
}

/**
 * A fresh natural `BayesClassifier` using `StemmerId`; for baselines only.
 * With `memoiseStems`, stems are cached (identical predictions, much faster).
 */
export function createNaturalBayes(options: { memoiseStems?: boolean } = {}): NaturalBayesClassifier {
  const Bayes = require("natural/lib/natural/classifiers/bayes_classifier.js") as new (
    s: NaturalStemmer,
  ) => NaturalBayesClassifier;
  return new Bayes(options.memoiseStems ? memoisedStemmerId() : naturalStemmerId());
}
