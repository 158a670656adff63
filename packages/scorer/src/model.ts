import { createHash } from "node:crypto";
import { type FeatureConfig, featureDims } from "./feature-config.ts";
import type { NeighbourSet } from "./knn.ts";
import { SIGNAL_NAMES } from "./signals.ts";

export const MODEL_FORMAT = "klinik-lr/3";

/** Platt scaling: p = sigmoid(a * margin + b), plus `knn * vote` when the model has neighbours. */
export interface Calibration {
  a: number;
  b: number;
  /** Weight of the nearest-neighbour vote (in [-1, 1]) in the calibrated log-odds. */
  knn?: number;
}

/** What the model was trained on and how well it did on its own out-of-fold predictions. */
export interface TrainingSummary {
  docs: number;
  positives: number;
  /** Loss minimised by the batch solver (dual coordinate descent). */
  loss: string;
  /** Inverse L2 regularisation strength. */
  C: number;
  /** Neighbours in the nearest-neighbour vote (0 = none). */
  knn?: number;
  /** Scale of the naive Bayes log-count ratios added to the SVM weights (0 = none). */
  nb?: number;
  /** Set on a clinic model: the base it adapts and the verdicts it learned from (see `adaptModel`). */
  adaptation?: { base: string; verdicts: number; positives: number; C: number; nb: number };
  /** Solver passes over the data for the final fit. */
  iterations: number;
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
  /** IDF of each hashed bucket over the training documents, or null when `features.idf` is off. */
  idf: Float32Array | null;
  /** Learned weight of each cross-topic signal, by name. */
  signals: Record<string, number>;
  calibration: Calibration;
  training: TrainingSummary;
  /** Training documents for the nearest-neighbour vote, or null without one. */
  neighbours: NeighbourSet | null;
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
  /** IDF of buckets seen in training (same encoding as weights); every other bucket gets `default`. */
  idf: { count: number; default: number; indices: string; values: string } | null;
  /** Neighbour documents, arrays as base64 little-endian (labels Uint8, offsets/indices Uint32, values Float32). */
  neighbours: { k: number; count: number; labels: string; offsets: string; indices: string; values: string } | null;
}

/** Version string `lr-YYYYMMDD-<first 10 hex of sha256 over the weights>`. */
export function modelVersion(m: Omit<LinearModel, "version">): string {
  const h = createHash("sha256");
  h.update(Buffer.from(m.hashed.buffer, m.hashed.byteOffset, m.hashed.byteLength));
  if (m.idf) h.update(Buffer.from(m.idf.buffer, m.idf.byteOffset, m.idf.byteLength));
  if (m.neighbours) for (const a of [m.neighbours.labels, m.neighbours.indices, m.neighbours.values]) h.update(b64(a));
  h.update(JSON.stringify([m.bias, m.signals, m.calibration, m.features]));
  const day = m.createdAt.slice(0, 10).replaceAll("-", "");
  return `lr-${day}-${h.digest("hex").slice(0, 10)}`;
}

/** Bytes of a typed array (little-endian on every platform Node runs on). */
function b64(a: Uint8Array | Uint32Array | Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Non-zero entries of a dense array (or entries != `skip`) as base64 little-endian index/value arrays. */
function encodeSparse(a: Float32Array, skip: number): { count: number; indices: string; values: string } {
  const idx: number[] = [];
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== skip) idx.push(i);
  const indices = new Uint32Array(idx);
  const values = new Float32Array(idx.length);
  idx.forEach((i, k) => {
    values[k] = a[i] ?? 0;
  });
  return {
    count: idx.length,
    indices: Buffer.from(indices.buffer).toString("base64"),
    values: Buffer.from(values.buffer).toString("base64"),
  };
}

/** Serialises a model to the JSON file shape. */
export function toModelFile(m: LinearModel): ModelFile {
  let idf: ModelFile["idf"] = null;
  if (m.idf) {
    // The largest IDF is that of buckets never seen in training: store only the others.
    const dflt = m.idf.reduce((a, v) => Math.max(a, v), 0);
    idf = { ...encodeSparse(m.idf, dflt), default: dflt };
  }
  return {
    format: m.format,
    version: m.version,
    createdAt: m.createdAt,
    features: m.features,
    bias: m.bias,
    signals: m.signals,
    calibration: m.calibration,
    training: m.training,
    weights: encodeSparse(m.hashed, 0),
    idf,
    neighbours: m.neighbours && {
      k: m.neighbours.k,
      count: m.neighbours.labels.length,
      labels: b64(m.neighbours.labels).toString("base64"),
      offsets: b64(m.neighbours.offsets).toString("base64"),
      indices: b64(m.neighbours.indices).toString("base64"),
      values: b64(m.neighbours.values).toString("base64"),
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
  for (const k of ["charMin", "charMax", "wordScale", "charScale", "charWords", "signalScale"] as const) {
    if (!isNum(fc[k])) fail(`bad features.${k}`);
  }
  if (typeof fc.idf !== "boolean") fail("bad features.idf");
  for (const k of ["stem", "dropStopwords", "numbers", "placeholderBigrams"] as const) {
    if (fc[k] !== undefined && typeof fc[k] !== "boolean") fail(`bad features.${k}`);
  }
  if (fc.shortTerms !== undefined && !isNum(fc.shortTerms)) fail("bad features.shortTerms");
  if (fc.bigramHash !== undefined && fc.bigramHash !== "pair" && fc.bigramHash !== "fnv")
    fail("bad features.bigramHash");
  if (!isNum(f.bias)) fail("bias is not a finite number");
  if (!f.calibration || !isNum(f.calibration.a) || !isNum(f.calibration.b)) fail("bad calibration");
  if (f.calibration.knn !== undefined && !isNum(f.calibration.knn)) fail("bad calibration.knn");
  if (typeof f.signals !== "object" || f.signals === null) fail("missing signals");
  for (const [k, v] of Object.entries(f.signals)) if (!isNum(v)) fail(`signal weight ${k} is not a number`);
  const size = 2 ** fc.hashBits;
  const hashed = decodeSparse(f.weights, size, 0, "weights");
  let idf: Float32Array | null = null;
  if (fc.idf) {
    if (!f.idf || !isNum(f.idf.default) || f.idf.default <= 0) fail("features.idf is on but idf is missing");
    idf = decodeSparse(f.idf, size, f.idf.default, "idf");
  }
  const neighbours = f.neighbours ? decodeNeighbours(f.neighbours, size) : null;
  return {
    format: MODEL_FORMAT,
    version: f.version,
    createdAt: typeof f.createdAt === "string" ? f.createdAt : "",
    features: fc,
    bias: f.bias,
    hashed,
    idf,
    signals: f.signals,
    calibration: f.calibration,
    training: f.training ?? { docs: 0, positives: 0, loss: "", C: 0, iterations: 0, folds: 0 },
    neighbours,
  };
}

function decodeNeighbours(raw: unknown, size: number): NeighbourSet {
  const n = raw as Partial<NonNullable<ModelFile["neighbours"]>>;
  const count = n.count as number;
  if (!Number.isInteger(n.k) || (n.k as number) < 1 || !Number.isInteger(count) || count < 1) {
    fail("bad neighbours.k or neighbours.count");
  }
  const bytes = (what: "labels" | "offsets" | "indices" | "values") => {
    const s = n[what];
    if (typeof s !== "string") fail(`missing neighbours.${what}`);
    const b = Buffer.from(s, "base64");
    // Copy into a fresh, aligned buffer for the typed-array views.
    return new Uint8Array(b).buffer;
  };
  const labels = new Uint8Array(bytes("labels"));
  const ob = bytes("offsets");
  const ib = bytes("indices");
  const vb = bytes("values");
  if (labels.length !== count || ob.byteLength !== (count + 1) * 4) fail("neighbours arrays do not match count");
  if (ib.byteLength % 4 !== 0 || vb.byteLength !== ib.byteLength) fail("neighbours entries do not match offsets");
  const offsets = new Uint32Array(ob);
  const indices = new Uint32Array(ib);
  const values = new Float32Array(vb);
  if (offsets[count] !== indices.length) fail("neighbours entries do not match offsets");
  for (let d = 0; d < count; d++)
    if ((offsets[d] as number) > (offsets[d + 1] as number)) fail("neighbours offsets out of order");
  for (let j = 0; j < indices.length; j++) {
    if ((indices[j] as number) >= size || !Number.isFinite(values[j])) fail(`neighbours entry ${j} out of range`);
  }
  return { k: n.k as number, labels, offsets, indices, values };
}

function decodeSparse(raw: unknown, size: number, fill: number, what: string): Float32Array {
  const w = raw as Partial<ModelFile["weights"]> | undefined;
  if (!w || !Number.isInteger(w.count) || typeof w.indices !== "string" || typeof w.values !== "string") {
    fail(`missing ${what}`);
  }
  const count = w.count as number;
  const ib = Buffer.from(w.indices, "base64");
  const vb = Buffer.from(w.values, "base64");
  if (ib.byteLength !== count * 4 || vb.byteLength !== count * 4) fail(`${what} arrays do not match count`);
  const out = new Float32Array(size).fill(fill);
  for (let k = 0; k < count; k++) {
    const i = ib.readUInt32LE(k * 4);
    const v = vb.readFloatLE(k * 4);
    if (i >= size || !Number.isFinite(v)) fail(`${what} entry ${k} out of range`);
    out[i] = v;
  }
  return out;
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
