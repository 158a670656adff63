import { createHash } from "node:crypto";
import { type FeatureConfig, featureDims } from "./features.ts";
import { SIGNAL_NAMES } from "./signals.ts";

export const MODEL_FORMAT = "klinik-lr/1";

/** Platt scaling: p = sigmoid(a * margin + b). */
export interface Calibration {
  a: number;
  b: number;
}

/** What the model was trained on and how well it did on its own out-of-fold predictions. */
export interface TrainingSummary {
  docs: number;
  positives: number;
  epochs: number;
  l2: number;
  learningRate: number;
  folds: number;
  /** Out-of-fold figures computed during training (not a test set). */
  oof?: { auc: number; accuracy: number; ece: number };
  seconds?: number;
}

/** A trained logistic-regression model in memory. */
export interface LinearModel {
  format: typeof MODEL_FORMAT;
  version: string;
  createdAt: string;
  features: FeatureConfig;
  bias: number;
  /** Dense weights of the 2^hashBits hashed buckets. */
  hashed: Float32Array;
  /** Learned weight of each cross-topic signal, by name. */
  signals: Record<string, number>;
  calibration: Calibration;
  training: TrainingSummary;
}

/** On-disk JSON shape: only non-zero hashed weights, as base64 little-endian arrays. */
export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: string;
  createdAt: string;
  features: FeatureConfig;
  bias: number;
  signals: Record<string, number>;
  calibration: Calibration;
  training: TrainingSummary;
  weights: { count: number; indices: string; values: string };
}

/** Version string `lr-YYYYMMDD-<first 10 hex of sha256 over the weights>`. */
export function modelVersion(m: Omit<LinearModel, "version">): string {
  const h = createHash("sha256");
  h.update(Buffer.from(m.hashed.buffer, m.hashed.byteOffset, m.hashed.byteLength));
  h.update(JSON.stringify([m.bias, m.signals, m.calibration, m.features]));
  const day = m.createdAt.slice(0, 10).replaceAll("-", "");
  return `lr-${day}-${h.digest("hex").slice(0, 10)}`;
}

/** Serialises a model to the JSON file shape. */
export function toModelFile(m: LinearModel): ModelFile {
  const idx: number[] = [];
  for (let i = 0; i < m.hashed.length; i++) if ((m.hashed[i] ?? 0) !== 0) idx.push(i);
  const indices = new Uint32Array(idx);
  const values = new Float32Array(idx.length);
  idx.forEach((i, k) => {
    values[k] = m.hashed[i] ?? 0;
  });
  return {
    format: m.format,
    version: m.version,
    createdAt: m.createdAt,
    features: m.features,
    bias: m.bias,
    signals: m.signals,
    calibration: m.calibration,
    training: m.training,
    weights: {
      count: idx.length,
      indices: Buffer.from(indices.buffer).toString("base64"),
      values: Buffer.from(values.buffer).toString("base64"),
    },
  };
}

const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

function fail(msg: string): never {
  throw new Error(`invalid model: ${msg}`);
}

/** Validates a parsed model file and rebuilds the in-memory model; throws a readable Error if anything is off. */
export function fromModelFile(raw: unknown): LinearModel {
  if (typeof raw !== "object" || raw === null) fail("not a JSON object");
  const f = raw as Partial<ModelFile>;
  if (f.format !== MODEL_FORMAT) fail(`format is ${JSON.stringify(f.format)}, expected "${MODEL_FORMAT}"`);
  if (typeof f.version !== "string" || f.version === "") fail("missing version");
  const fc = f.features;
  if (!fc || !Number.isInteger(fc.hashBits) || fc.hashBits < 4 || fc.hashBits > 24) fail("bad features.hashBits");
  if (!isNum(fc.charMin) || !isNum(fc.charMax) || !isNum(fc.wordScale) || !isNum(fc.charScale)) fail("bad features");
  if (!isNum(f.bias)) fail("bias is not a finite number");
  if (!f.calibration || !isNum(f.calibration.a) || !isNum(f.calibration.b)) fail("bad calibration");
  if (typeof f.signals !== "object" || f.signals === null) fail("missing signals");
  for (const [k, v] of Object.entries(f.signals)) if (!isNum(v)) fail(`signal weight ${k} is not a number`);
  const w = f.weights;
  if (!w || !Number.isInteger(w.count) || typeof w.indices !== "string" || typeof w.values !== "string") {
    fail("missing weights");
  }
  const ib = Buffer.from(w.indices, "base64");
  const vb = Buffer.from(w.values, "base64");
  if (ib.byteLength !== w.count * 4 || vb.byteLength !== w.count * 4) fail("weights arrays do not match count");
  const size = 2 ** fc.hashBits;
  const hashed = new Float32Array(size);
  for (let k = 0; k < w.count; k++) {
    const i = ib.readUInt32LE(k * 4);
    const v = vb.readFloatLE(k * 4);
    if (i >= size || !Number.isFinite(v)) fail(`weight ${k} out of range`);
    hashed[i] = v;
  }
  return {
    format: MODEL_FORMAT,
    version: f.version,
    createdAt: typeof f.createdAt === "string" ? f.createdAt : "",
    features: fc,
    bias: f.bias,
    hashed,
    signals: f.signals,
    calibration: f.calibration,
    training: f.training ?? { docs: 0, positives: 0, epochs: 0, l2: 0, learningRate: 0, folds: 0 },
  };
}

/** Dense weight vector over the whole feature space (hashed buckets, then signals). */
export function denseWeights(m: LinearModel): Float32Array {
  const w = new Float32Array(featureDims(m.features));
  w.set(m.hashed);
  const base = m.hashed.length;
  SIGNAL_NAMES.forEach((name, i) => {
    w[base + i] = m.signals[name] ?? 0;
  });
  return w;
}
