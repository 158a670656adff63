import { evaluateClustering, type PairwiseScore, TEST_FAMILIES, TUNE_FAMILIES } from "@klinik/cluster/testing";
import { describe, expect, it } from "vitest";
import { assignBatch } from "./claim-assignment.ts";

// Pairwise precision/recall of `assignBatch` (what the classify processor
// runs) over the cluster fixtures, in several arrival orders, each split into
// batches of one, of seven, and all in one batch: near-duplicates must find
// each other inside a batch as well as across batches. Floors are the measured
// minimum over these runs, rounded down.
const SEEDS = [1, 2, 3, 4, 5];
const BATCH_SIZES = [1, 7, Number.POSITIVE_INFINITY];

function runs(families: typeof TEST_FAMILIES): PairwiseScore[] {
  return SEEDS.flatMap((seed) =>
    BATCH_SIZES.map((batchSize) => evaluateClustering(families, assignBatch, { seed, batchSize })),
  );
}

function summary(name: string, scores: PairwiseScore[]) {
  const precision = Math.min(...scores.map((s) => s.precision));
  const recall = Math.min(...scores.map((s) => s.recall));
  const meanRecall = scores.reduce((sum, s) => sum + s.recall, 0) / scores.length;
  console.log(
    `${name}: ${scores[0]?.items} texts; pairwise precision min ${precision.toFixed(3)}, ` +
      `recall min ${recall.toFixed(3)} mean ${meanRecall.toFixed(3)} over ${SEEDS.length} orders × batches of ${BATCH_SIZES.map((b) => (Number.isFinite(b) ? b : "all")).join("/")}`,
  );
  return { precision, recall };
}

describe("claim assignment quality", () => {
  it("clusters the held-out test families", () => {
    const { precision, recall } = summary(`test families (${TEST_FAMILIES.length})`, runs(TEST_FAMILIES));
    expect(precision).toBeGreaterThanOrEqual(0.99);
    expect(recall).toBeGreaterThanOrEqual(0.97);
  });

  it("clusters the tuning families", () => {
    const { precision, recall } = summary(`tune families (${TUNE_FAMILIES.length})`, runs(TUNE_FAMILIES));
    expect(precision).toBeGreaterThanOrEqual(0.99);
    expect(recall).toBeGreaterThanOrEqual(0.99);
  });
});
