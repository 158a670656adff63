import { type FeatureConfig, type SparseVector, wordBlockScale } from "./feature-config.ts";
import type { RawFeatures } from "./feature-extraction.ts";
import { SIGNAL_NAMES } from "./signals.ts";

/**
 * Weighs raw counts into the vector the model sees: sublinear tf (1 + ln
 * count) times IDF (when given), each block L2-normalised to its scale, so a
 * 2,000-character news body and a tweet have the same norm; then the signals.
 */
export function weighFeatures(raw: RawFeatures, cfg: FeatureConfig, idf: Float32Array | null): SparseVector {
  const n = raw.indices.length;
  const indices = new Int32Array(n + SIGNAL_NAMES.length);
  const values = new Float32Array(n + SIGNAL_NAMES.length);
  writeBlock(raw, 0, raw.wordEnd, wordBlockScale(cfg, raw.wordEnd), idf, indices, values);
  writeBlock(raw, raw.wordEnd, n, cfg.charScale, idf, indices, values);
  let k = n;
  const base = 2 ** cfg.hashBits;
  for (let i = 0; i < raw.signals.length; i++) {
    const s = (raw.signals[i] ?? 0) * cfg.signalScale;
    if (s === 0) continue;
    indices[k] = base + i;
    values[k] = s;
    k++;
  }
  return { indices: indices.subarray(0, k), values: values.subarray(0, k) };
}

/** Smoothed IDF, ln((1 + n) / (1 + df)) + 1, of every bucket over the given rows. */
export function inverseDocFreq(
  raws: readonly RawFeatures[],
  rows: readonly number[],
  cfg: FeatureConfig,
): Float32Array {
  const size = 2 ** cfg.hashBits;
  const df = new Uint32Array(size);
  const last = new Int32Array(size).fill(-1);
  for (const r of rows) {
    const x = raws[r] as RawFeatures;
    for (const b of x.indices) {
      if (last[b] === r) continue; // a bucket in both blocks counts once per document
      last[b] = r;
      df[b] = (df[b] as number) + 1;
    }
  }
  const idf = new Float32Array(size);
  for (let b = 0; b < size; b++) idf[b] = Math.log((1 + rows.length) / (1 + (df[b] as number))) + 1;
  return idf;
}

/** 1 + ln(count) for small counts, the sublinear term frequency. */
const SUBLINEAR = Float64Array.from({ length: 256 }, (_, c) => 1 + Math.log(c));

/** Sublinear term frequency, 1 + ln(count). */
export function sublinearTf(count: number): number {
  return count < SUBLINEAR.length ? (SUBLINEAR[count] as number) : 1 + Math.log(count);
}

function writeBlock(
  raw: RawFeatures,
  from: number,
  to: number,
  scale: number,
  idf: Float32Array | null,
  idx: Int32Array,
  val: Float32Array,
): void {
  let sq = 0;
  for (let k = from; k < to; k++) {
    const b = raw.indices[k] as number;
    const v = sublinearTf(raw.counts[k] as number) * (idf ? (idf[b] as number) : 1);
    idx[k] = b;
    val[k] = v;
    sq += v * v;
  }
  const norm = sq > 0 ? scale / Math.sqrt(sq) : 0;
  for (let k = from; k < to; k++) val[k] = (val[k] as number) * norm;
}
