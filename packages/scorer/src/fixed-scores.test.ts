import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromModelFile } from "./model.ts";
import { createScorer } from "./scorer.ts";

/** Written by experiments/fixed-scores.ts from the scorer before its speed work (see there). */
const fixture = JSON.parse(readFileSync(new URL("../fixtures/fixed-scores.json", import.meta.url), "utf8")) as {
  model: unknown;
  results: { text: string; score: number; reasons: [string, number][] }[];
};

describe("the scorer on a fixed set", () => {
  it("gives every text exactly the score and reasons recorded before its speed work", () => {
    const scorer = createScorer(fromModelFile(fixture.model), { maxReasons: 12 });
    expect(fixture.results.length).toBeGreaterThan(500);
    for (const want of fixture.results) {
      const got = scorer.score({ text: want.text });
      expect({ text: want.text, score: got.score, reasons: got.reasons.map((r) => [r.code, r.weight]) }).toEqual(want);
    }
  });
});
