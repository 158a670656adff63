import { describe, expect, it } from "vitest";
import { evaluateClustering, TEST_FAMILIES, TUNE_FAMILIES } from "../fixtures/index.ts";

// Pairwise precision/recall of `assign` over held-out families, in several
// arrival orders. Floors are the measured minimum over these orders, rounded down.
const SEEDS = [1, 2, 3, 4, 5];

describe("cluster assignment quality", () => {
  it("clusters the held-out test families", () => {
    const scores = SEEDS.map((seed) => evaluateClustering(TEST_FAMILIES, {}, undefined, seed));
    const precision = Math.min(...scores.map((s) => s.precision));
    const recall = Math.min(...scores.map((s) => s.recall));
    const meanRecall = scores.reduce((sum, s) => sum + s.recall, 0) / scores.length;
    console.log(
      `test families: ${TEST_FAMILIES.length} families, ${scores[0]?.items} texts; ` +
        `pairwise precision min ${precision.toFixed(3)}, recall min ${recall.toFixed(3)} mean ${meanRecall.toFixed(3)} over ${SEEDS.length} orders`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.99);
    expect(recall).toBeGreaterThanOrEqual(0.97);
  });

  it("clusters the tuning families", () => {
    const score = evaluateClustering(TUNE_FAMILIES);
    console.log(`tune families: precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)}`);
    expect(score.precision).toBeGreaterThanOrEqual(0.99);
    expect(score.recall).toBeGreaterThanOrEqual(0.99);
  });
});
