import { gunzipSync, gzipSync } from "node:zlib";
import type { LinearModel } from "./model.ts";

/** Format of a clinic model's stored artefact. */
export const CLINIC_MODEL_FORMAT = "klinik-clinic/1";

interface ClinicModelFile {
  format: typeof CLINIC_MODEL_FORMAT;
  /** Version of the base model the clinic layer was fitted on: the artefact holds only what differs from it. */
  base: string;
  version: string;
  createdAt: string;
  bias: number;
  signals: Record<string, number>;
  calibration: LinearModel["calibration"];
  training: LinearModel["training"];
  /** Buckets whose weight differs from the base's, with the clinic model's weight (base64 little-endian). */
  changed: { count: number; indices: string; values: string };
}

/**
 * A clinic model as bytes for the database: gzip of the JSON of what differs
 * from its base model (a clinic layer touches only the buckets its verdicts
 * contain: tens of kilobytes where the whole model is megabytes), so any
 * process holding the same base can rebuild it. Feature config and IDF are
 * the base's.
 */
export function encodeClinicModel(base: LinearModel, model: LinearModel): Buffer {
  const idx: number[] = [];
  for (let j = 0; j < model.hashed.length; j++) if (model.hashed[j] !== base.hashed[j]) idx.push(j);
  const indices = new Uint32Array(idx);
  const values = Float32Array.from(idx, (j) => model.hashed[j] as number);
  const file: ClinicModelFile = {
    format: CLINIC_MODEL_FORMAT,
    base: base.version,
    version: model.version,
    createdAt: model.createdAt,
    bias: model.bias,
    signals: model.signals,
    calibration: model.calibration,
    training: model.training,
    changed: {
      count: idx.length,
      indices: Buffer.from(indices.buffer).toString("base64"),
      values: Buffer.from(values.buffer).toString("base64"),
    },
  };
  return gzipSync(JSON.stringify(file));
}

/** The base version an artefact was fitted on, without rebuilding it (null when it is not a clinic model). */
export function clinicModelBase(bytes: Uint8Array): string | null {
  try {
    const f = JSON.parse(gunzipSync(bytes).toString("utf8")) as Partial<ClinicModelFile>;
    return f.format === CLINIC_MODEL_FORMAT && typeof f.base === "string" ? f.base : null;
  } catch {
    return null;
  }
}

/** What a clinic artefact holds once read: the model's own fields and its changed buckets. */
export interface ClinicLayer {
  version: string;
  createdAt: string;
  bias: number;
  signals: Record<string, number>;
  calibration: LinearModel["calibration"];
  training: LinearModel["training"];
  /** Changed buckets, ascending, and the clinic model's weight of each. */
  indices: Uint32Array;
  values: Float32Array;
}

/**
 * Reads a clinic model's artefact fitted on `base`. Throws when the artefact
 * is corrupt or was fitted on another base (its weights would be meaningless
 * there).
 */
export function readClinicModel(base: LinearModel, bytes: Uint8Array): ClinicLayer {
  let f: ClinicModelFile;
  try {
    f = JSON.parse(gunzipSync(bytes).toString("utf8")) as ClinicModelFile;
  } catch (e) {
    throw new Error(`invalid clinic model: ${(e as Error).message}`);
  }
  if (f?.format !== CLINIC_MODEL_FORMAT) throw new Error("invalid clinic model: unknown format");
  if (f.base !== base.version)
    throw new Error(`clinic model ${f.version} was fitted on base ${f.base}, not ${base.version}`);
  const ib = Buffer.from(f.changed.indices, "base64");
  const vb = Buffer.from(f.changed.values, "base64");
  const indices = new Uint32Array(ib.buffer.slice(ib.byteOffset, ib.byteOffset + ib.byteLength));
  const values = new Float32Array(vb.buffer.slice(vb.byteOffset, vb.byteOffset + vb.byteLength));
  if (indices.length !== f.changed.count || values.length !== f.changed.count)
    throw new Error("invalid clinic model: changed weights do not match their count");
  for (let k = 0; k < indices.length; k++) {
    if ((indices[k] as number) >= base.hashed.length) throw new Error("invalid clinic model: bucket out of range");
    if (k > 0 && (indices[k] as number) <= (indices[k - 1] as number))
      throw new Error("invalid clinic model: buckets out of order");
  }
  const { version, createdAt, bias, signals, calibration, training } = f;
  return { version, createdAt, bias, signals, calibration, training, indices, values };
}

/**
 * Rebuilds a clinic model from its artefact over `base` as a full model (the
 * training run judges it; scoring threads keep only the layer, see
 * `ClinicScorers`). Throws as {@link readClinicModel}; the IDF array is the
 * base's own, shared, not copied.
 */
export function decodeClinicModel(base: LinearModel, bytes: Uint8Array): LinearModel {
  const { indices, values, ...own } = readClinicModel(base, bytes);
  const hashed = Float32Array.from(base.hashed);
  for (let k = 0; k < indices.length; k++) hashed[indices[k] as number] = values[k] as number;
  return { ...base, ...own, hashed };
}
