import type { Calibration } from "./model.ts";

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Fits Platt scaling p = sigmoid(a·z + b) to held-out margins `z` by Newton's
 * method on the log-loss, with Platt's smoothed targets so a perfectly
 * separated fold does not push the slope to infinity.
 */
export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>): Calibration {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] === 1 ? 1 : 0;
  const neg = y.length - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const loss = (a: number, b: number): number => {
    let l = 0;
    for (let i = 0; i < y.length; i++) {
      const t = y[i] === 1 ? hi : lo;
      const s = a * (z[i] ?? 0) + b;
      // log(1 + e^s) - t*s, computed stably
      l += (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s))) - t * s;
    }
    return l;
  };
  let a = 1;
  let b = Math.log((pos + 1) / (neg + 1));
  for (let it = 0; it < 100; it++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < y.length; i++) {
      const zi = z[i] ?? 0;
      const t = y[i] === 1 ? hi : lo;
      const p = sigmoid(a * zi + b);
      const d = p - t;
      const w = p * (1 - p);
      ga += d * zi;
      gb += d;
      haa += w * zi * zi;
      hab += w * zi;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // Backtracking line search keeps Newton from overshooting on separable data.
    const before = loss(a, b);
    let step = 1;
    while (step > 1e-6 && loss(a - step * da, b - step * db) > before + 1e-12) step /= 2;
    a -= step * da;
    b -= step * db;
    if (Math.abs(step * da) < 1e-9 && Math.abs(step * db) < 1e-9) break;
  }
  return Number.isFinite(a) && Number.isFinite(b) ? { a, b } : { a: 1, b: 0 };
}

/**
 * Calibrated blend p = sigmoid(a·z + knn·v + b) of a linear margin `z` and a
 * neighbour vote `v`, fitted like {@link fitPlatt} (Newton on the log-loss
 * with Platt's smoothed targets) on held-out pairs.
 */
export function fitBlend(z: ArrayLike<number>, v: ArrayLike<number>, y: ArrayLike<number>): Calibration {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] === 1 ? 1 : 0;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (y.length - pos + 2);
  const start = fitPlatt(z, y);
  let w = [start.a, 0, start.b];
  const x = (i: number) => [z[i] ?? 0, v[i] ?? 0, 1];
  const loss = (c: number[]) => {
    let l = 0;
    for (let i = 0; i < y.length; i++) {
      const s = x(i).reduce((acc, xi, k) => acc + xi * (c[k] as number), 0);
      l += (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s))) - (y[i] === 1 ? hi : lo) * s;
    }
    return l;
  };
  for (let it = 0; it < 100; it++) {
    const g = [0, 0, 0];
    const h = [
      [1e-9, 0, 0],
      [0, 1e-9, 0],
      [0, 0, 1e-9],
    ];
    for (let i = 0; i < y.length; i++) {
      const xi = x(i);
      const p = sigmoid(xi.reduce((acc, xk, k) => acc + xk * (w[k] as number), 0));
      const d = p - (y[i] === 1 ? hi : lo);
      for (let r = 0; r < 3; r++) {
        g[r] = (g[r] as number) + d * (xi[r] as number);
        const row = h[r] as number[];
        for (let c = 0; c < 3; c++) row[c] = (row[c] as number) + p * (1 - p) * (xi[r] as number) * (xi[c] as number);
      }
    }
    const step = solve3(h, g);
    if (!step) break;
    const before = loss(w);
    let t = 1;
    while (t > 1e-6 && loss(w.map((wk, k) => wk - t * (step[k] as number))) > before + 1e-12) t /= 2;
    w = w.map((wk, k) => wk - t * (step[k] as number));
    if (step.every((s) => Math.abs(t * s) < 1e-9)) break;
  }
  const [a, knn, b] = w as [number, number, number];
  return [a, knn, b].every(Number.isFinite) ? { a, b, knn } : { ...start, knn: 0 };
}

/** Solves the 3×3 system h·s = g by Gaussian elimination with partial pivoting; null if singular. */
function solve3(h: number[][], g: number[]): number[] | null {
  const m = h.map((row, i) => [...row, g[i] as number]);
  for (let c = 0; c < 3; c++) {
    let p = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(m[r]?.[c] as number) > Math.abs(m[p]?.[c] as number)) p = r;
    [m[c], m[p]] = [m[p] as number[], m[c] as number[]];
    const pivot = m[c]?.[c] as number;
    if (Math.abs(pivot) < 1e-12) return null;
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = (m[r]?.[c] as number) / pivot;
      for (let k = c; k <= 3; k++) (m[r] as number[])[k] = (m[r]?.[k] as number) - f * (m[c]?.[k] as number);
    }
  }
  return m.map((row, i) => (row[3] as number) / (row[i] as number));
}

/**
 * Logistic regression without intercept, p = sigmoid(Σ c_k·x_k), by Newton's
 * method on the log-loss with classes weighted equally (so a text with no
 * evidence, x = 0, gets p = 0.5 whatever the class balance of the data).
 * Used for the Platt slope over evidence margins (one column) and for the
 * blend of SVM and naive Bayes margins (two columns). Targets are Platt's
 * smoothed ones, so separable margins do not push the slopes to infinity.
 */
export function fitNoIntercept(cols: readonly ArrayLike<number>[], y: ArrayLike<number>): number[] {
  const k = cols.length;
  const n = y.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i] === 1 ? 1 : 0;
  const wPos = pos > 0 ? n / (2 * pos) : 1;
  const wNeg = n - pos > 0 ? n / (2 * (n - pos)) : 1;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (n - pos + 2);
  let c = new Array<number>(k).fill(0);
  const loss = (cc: number[]) => {
    let l = 1e-4 * cc.reduce((s, v) => s + v * v, 0);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += (cc[j] as number) * ((cols[j] as ArrayLike<number>)[i] as number);
      const t = y[i] === 1 ? hi : lo;
      l += (y[i] === 1 ? wPos : wNeg) * ((s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s))) - t * s);
    }
    return l;
  };
  for (let it = 0; it < 50; it++) {
    const g = c.map((v) => 2e-4 * v);
    const h = c.map((_, r) => c.map((__, q) => (r === q ? 2e-4 : 0)));
    for (let i = 0; i < n; i++) {
      const x = cols.map((col) => col[i] as number);
      const s = x.reduce((acc, v, j) => acc + v * (c[j] as number), 0);
      const p = sigmoid(s);
      const wt = y[i] === 1 ? wPos : wNeg;
      const d = wt * (p - (y[i] === 1 ? hi : lo));
      for (let r = 0; r < k; r++) {
        g[r] = (g[r] as number) + d * (x[r] as number);
        const row = h[r] as number[];
        for (let q = 0; q < k; q++)
          row[q] = (row[q] as number) + wt * p * (1 - p) * (x[r] as number) * (x[q] as number);
      }
    }
    const step = k === 1 ? [(g[0] as number) / ((h[0] as number[])[0] as number)] : solve2(h, g);
    if (!step) break;
    const before = loss(c);
    let t = 1;
    while (t > 1e-6 && loss(c.map((v, j) => v - t * (step[j] as number))) > before + 1e-12) t /= 2;
    c = c.map((v, j) => v - t * (step[j] as number));
    if (step.every((s) => Math.abs(t * s) < 1e-9)) break;
  }
  return c.map((v) => (Number.isFinite(v) ? v : 0));
}

function solve2(h: number[][], g: number[]): number[] | null {
  const [a = 0, b = 0] = h[0] ?? [];
  const [c = 0, d = 0] = h[1] ?? [];
  const det = a * d - b * c;
  if (Math.abs(det) < 1e-12) return null;
  return [(d * (g[0] as number) - b * (g[1] as number)) / det, (a * (g[1] as number) - c * (g[0] as number)) / det];
}
