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

/** A fresh natural `BayesClassifier` using `StemmerId`; for baselines only. */
export function createNaturalBayes(): NaturalBayesClassifier {
  const Bayes = require("natural/lib/natural/classifiers/bayes_classifier.js") as new (
    s: NaturalStemmer,
  ) => NaturalBayesClassifier;
  return new Bayes(naturalStemmerId());
}
