import { describe, expect, it } from "vitest";
import { fitBlend } from "./calibrate.ts";
import type { SparseVector } from "./feature-config.ts";
import { buildNeighbourSet, createNeighbourSearch } from "./knn.ts";
import { lcg } from "./test-random.ts";

const DIMS = 64;

function unit(entries: [number, number][]): SparseVector {
  const norm = Math.sqrt(entries.reduce((s, [, v]) => s + v * v, 0));
  return {
    indices: Int32Array.from(entries.map(([i]) => i)),
    values: Float32Array.from(entries.map(([, v]) => v / norm)),
  };
}

describe("nearest-neighbour vote", () => {
  it("matches a brute-force cosine search on random sparse vectors", () => {
    const rand = lcg(5);
    const randomVector = () => {
      const m = new Map<number, number>();
      const n = 1 + Math.floor(rand() * 8);
      for (let k = 0; k < n; k++) m.set(Math.floor(rand() * 20), 0.1 + rand());
      // an entry past the word block (a signal) never counts
      return unit([...m, [DIMS + 1, 5]]);
    };
    const xs = Array.from({ length: 200 }, randomVector);
    const ys = xs.map(() => (rand() < 0.4 ? 1 : 0));
    const rows = Array.from({ length: 150 }, (_, i) => i);
    const k = 5;
    const search = createNeighbourSearch(buildNeighbourSet(xs, ys, rows, DIMS, k), DIMS);
    for (let q = 150; q < 200; q++) {
      const x = xs[q] as SparseVector;
      const dot = (y: SparseVector) => {
        let s = 0;
        x.indices.forEach((i, a) => {
          if (i >= DIMS) return;
          y.indices.forEach((j, b) => {
            if (i === j) s += (x.values[a] as number) * (y.values[b] as number);
          });
        });
        return s;
      };
      const top = rows
        .map((r) => ({ r, s: dot(xs[r] as SparseVector) }))
        .filter((e) => e.s > 0)
        .sort((a, b) => b.s - a.s || a.r - b.r)
        .slice(0, k);
      const den = top.reduce((a, e) => a + e.s, 0);
      const num = top.reduce((a, e) => a + (ys[e.r] === 1 ? e.s : -e.s), 0);
      const got = search(x);
      expect(got.vote).toBeCloseTo(den > 0 ? num / den : 0, 5);
      expect(got.positives + got.negatives).toBe(top.length);
    }
  });

  it("votes with the label of a near-duplicate and abstains with no shared term", () => {
    const xs = [
      unit([
        [1, 1],
        [2, 1],
      ]),
      unit([
        [3, 1],
        [4, 1],
      ]),
      unit([
        [1, 1],
        [2, 0.9],
      ]),
      unit([[9, 1]]),
    ];
    const search = createNeighbourSearch(buildNeighbourSet(xs, [1, 0], [0, 1], DIMS, 1), DIMS);
    expect(search(xs[2] as SparseVector)).toEqual({ vote: 1, positives: 1, negatives: 0 });
    expect(search(xs[3] as SparseVector)).toEqual({ vote: 0, positives: 0, negatives: 0 });
  });

  it("fits a positive blend weight when the vote carries signal the margin lacks", () => {
    const z: number[] = [];
    const v: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 400; i++) {
      const label = i % 2;
      y.push(label);
      z.push(((i * 37) % 11) / 10 - 0.5 + (label ? 0.3 : -0.3));
      v.push(i % 5 === 0 ? -(label * 2 - 1) : label * 2 - 1);
    }
    const c = fitBlend(z, v, y);
    expect(c.knn).toBeGreaterThan(0.5);
    expect(c.a).toBeGreaterThan(0);
  });
});
