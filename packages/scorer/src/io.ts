import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { fromModelFile, type LinearModel, toModelFile } from "./model.ts";

/** Path of the model shipped in this package. */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL("../model/model.json", import.meta.url));

/** Reads and validates a model file; throws `Error("cannot load scorer model <path>: …")`. */
export function loadModel(path: string = DEFAULT_MODEL_PATH): LinearModel {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot load scorer model ${path}: ${code === "ENOENT" ? "file not found" : String(e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`cannot load scorer model ${path}: corrupt JSON (${(e as Error).message})`);
  }
  try {
    return fromModelFile(raw);
  } catch (e) {
    throw new Error(`cannot load scorer model ${path}: ${(e as Error).message}`);
  }
}

/** Writes a model as JSON (atomically: temp file then rename); returns bytes written. */
export function saveModel(model: LinearModel, path: string = DEFAULT_MODEL_PATH): number {
  const json = `${JSON.stringify(toModelFile(model), null, 1)}\n`;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, json);
  renameSync(tmp, path);
  return Buffer.byteLength(json);
}
