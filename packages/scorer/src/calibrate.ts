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
