import { describe, expect, it } from "vitest";
import { BucketCounter } from "./bucket-counter.ts";
import { DEFAULT_FEATURE_CONFIG } from "./feature-config.ts";
import { extractFeatures } from "./feature-extraction.ts";
import { BucketKeys } from "./feature-provenance.ts";
import { extractSignals, SIGNAL_NAMES } from "./signals.ts";
import { asciiLowerFnv, NOT_ASCII, TermTable } from "./term-table.ts";
import { lcg, randomText } from "./test-random.ts";
import { scanTokens, tokenize } from "./tokenize.ts";

const SEED = 0x811c9dc5;
const word = (n: number) => `w${n.toString(36)}x`;

describe("word table", () => {
  it("finds every word it was given, from any capitalisation in a text, across its growth", () => {
    const table = new TermTable(1_000_000);
    const slots = new Map<string, number>();
    for (let n = 0; n < 20_000; n++) {
      const w = word(n);
      const p = table.add(asciiLowerFnv(w, 0, w.length, SEED), w, n, n * 7);
      slots.set(w, p);
    }
    expect(table.size).toBe(20_000);
    for (let n = 0; n < 20_000; n += 7) {
      const text = `Kata ${word(n).toUpperCase()}, lalu`;
      const key = asciiLowerFnv(text, 5, 5 + word(n).length, SEED);
      const p = table.find(key, text, 5, 5 + word(n).length);
      expect(p).toBeGreaterThanOrEqual(0);
      expect([table.termAt(p), table.hashAt(p), table.wordAt(p)]).toEqual([n, n * 7, word(n)]);
    }
    // Same hash state, other letters: never taken for the stored word.
    const other = "zzzz";
    expect(table.find(asciiLowerFnv(word(3), 0, word(3).length, SEED), other, 0, other.length)).toBe(-1);
    table.clear();
    const w = word(5);
    expect(table.find(asciiLowerFnv(w, 0, w.length, SEED), w, 0, w.length)).toBe(-1);
  });

  it("hashes ASCII as fnv over the lowercased string, and refuses anything else", () => {
    expect(asciiLowerFnv("aB-9", 0, 4, SEED)).toBe(asciiLowerFnv("ab-9", 0, 4, SEED));
    expect(asciiLowerFnv("Ünï", 0, 3, SEED)).toBe(NOT_ASCII);
  });

  it("scores a text the same after the vocabulary filled up and was emptied", () => {
    const cfg = DEFAULT_FEATURE_CONFIG;
    const text = "VIRALKAN segera!!! Vaksin COVID-19 mengandung chip, kata Kemenkes di https://bit.ly/x @budi 2.000";
    const keys = new BucketKeys();
    const snapshot = () => {
      const f = extractFeatures({ text }, cfg, keys);
      const codes = Array.from(f.indices, (_, k) => keys.code(k));
      keys.clear();
      return { indices: Array.from(f.indices), counts: Array.from(f.counts), codes, signals: Array.from(f.signals) };
    };
    const before = snapshot();
    // 210,000 new words (the vocabulary holds 200,000) in news-sized texts.
    for (let n = 0; n < 210_000; n += 2_000) {
      const words = Array.from({ length: 2_000 }, (_, k) => word(1_000_000 + n + k));
      extractFeatures({ text: words.join(" ") }, cfg);
    }
    expect(snapshot()).toEqual(before);
  });
});

describe("bucket counter", () => {
  it("counts buckets in order of first touch, as a Map would, across growth and reuse", () => {
    const rand = lcg(99);
    const counter = new BucketCounter();
    for (const distinct of [10, 3_000, 50, 70_000]) {
      counter.reset();
      const want = new Map<number, number>();
      const befores: number[] = [];
      const wantBefores: number[] = [];
      for (let n = 0; n < 2 * distinct; n++) {
        const b = (Math.floor(rand() * distinct) * 2_654_435) & (2 ** 18 - 1);
        befores.push(counter.bump(b), counter.bucket(counter.entry));
        wantBefores.push(want.get(b) ?? 0, b);
        want.set(b, (want.get(b) ?? 0) + 1);
      }
      expect(befores).toEqual(wantBefores);
      const got = Array.from({ length: counter.size }, (_, e) => [counter.bucket(e), counter.count(e)]);
      expect(got).toEqual([...want]);
    }
  });
});

describe("caps ratio from spans", () => {
  it("is the ratio the tokens' strings give (capitals changed by lowercasing, none by uppercasing)", () => {
    const rand = lcg(5);
    const pieces = ["ab", "AB", "Ab", "ÜBER", "über", "STRAẞE", "ǅ", "İS", "ﬁ", "x1", "X1", "12", " ", ". ", "-", "😀"];
    for (let n = 0; n < 3_000; n++) {
      const text = randomText(rand, pieces, 1, 20);
      let letters = 0;
      let upper = 0;
      for (const t of tokenize(text)) {
        if (t.kind !== "word" || t.raw.length < 3) continue;
        letters += t.raw.length;
        if (t.raw !== t.norm && t.raw === t.raw.toUpperCase()) upper += t.raw.length;
      }
      const v = extractSignals(text, scanTokens(text));
      expect(v[SIGNAL_NAMES.indexOf("caps_ratio")], text).toBe(letters >= 15 ? upper / letters : 0);
    }
  });
});
