import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type LinearModel, toModelFile } from "./model.ts";
import { DEFAULT_MODEL_PATH } from "./scorer.ts";

/** Writes a model as JSON (atomically: temp file then rename); returns bytes written. */
export function saveModel(model: LinearModel, path: string = DEFAULT_MODEL_PATH): number {
  const json = `${JSON.stringify(toModelFile(model), null, 1)}\n`;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, json);
  renameSync(tmp, path);
  return Buffer.byteLength(json);
}
