import { describe, expect, it } from "vitest";
import type { SparseVector } from "./feature-config.ts";
import { fitLinear } from "./solver.ts";

const vec = (pairs: [number, number][]): SparseVector => ({
  indices: Int32Array.from(pairs.map((p) => p[0])),
  values: Float32Array.from(pairs.map((p) => p[1])),
});

// Feature 0 marks class 1, feature 1 marks class 0, feature 2 is noise on both.
const xs = [
  vec([
    [0, 1],
    [2, 0.5],
  ]),
  vec([[0, 0.8]]),
  vec([
    [0, 0.9],
    [2, 0.2],
  ]),
  vec([
    [1, 1],
    [2, 0.5],
  ]),
  vec([[1, 0.7]]),
  vec([
    [1, 0.9],
    [2, 0.3],
  ]),
];
const ys = [1, 1, 1, 0, 0, 0];
const rows = [0, 1, 2, 3, 4, 5];
const margin = (w: Float64Array, b: number, x: SparseVector) =>
  x.indices.reduce((z, j, k) => z + (w[j] as number) * (x.values[k] as number), b);

describe("fitLinear (dual coordinate descent)", () => {
  for (const loss of ["logistic", "squared_hinge"] as const) {
    it(`separates a separable problem with ${loss} loss`, () => {
      const fit = fitLinear(xs, ys, rows, 3, { loss, C: 10 });
      expect(fit.w[0]).toBeGreaterThan(0);
      expect(fit.w[1]).toBeLessThan(0);
      xs.forEach((x, i) => {
        expect(margin(fit.w, fit.bias, x) > 0).toBe(ys[i] === 1);
      });
    });
  }

  it("shrinks weights as C falls and only learns from the given rows", () => {
    const strong = fitLinear(xs, ys, rows, 3, { loss: "logistic", C: 10 });
    const weak = fitLinear(xs, ys, rows, 3, { loss: "logistic", C: 0.01 });
    expect(Math.abs(weak.w[0] as number)).toBeLessThan(Math.abs(strong.w[0] as number));
    const onlyClass1Marker = fitLinear(xs, ys, [0, 1, 4], 3, { loss: "squared_hinge", C: 1 });
    expect(onlyClass1Marker.w[0]).toBeGreaterThan(0);
  });

  it("reaches the logistic-regression optimum (gradient of the primal is ~0)", () => {
    const C = 1;
    const fit = fitLinear(xs, ys, rows, 3, { loss: "logistic", C, eps: 1e-6 });
    // Primal: 0.5|w|^2 + 0.5 b^2 + C Σ log(1 + e^{-y z}); bias is a regularised feature of value 1.
    const g = [...fit.w, fit.bias];
    xs.forEach((x, i) => {
      const y = ys[i] === 1 ? 1 : -1;
      const s = -y / (1 + Math.exp(y * margin(fit.w, fit.bias, x)));
      x.indices.forEach((j, k) => {
        g[j] = (g[j] as number) + C * s * (x.values[k] as number);
      });
      g[3] = (g[3] as number) + C * s;
    });
    for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-3);
  });
});
