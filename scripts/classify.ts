/**
 * Scores JSON lines from stdin: `{"id"?: ..., "text": "...", "title"?, "url"?}`
 * → `{"id", "score", "reasons"}` per line. id defaults to the 1-based line
 * number. A bad line yields `{"id", "error": {"code", "message"}}` and the
 * stream goes on. Run: pnpm classify < items.jsonl
 */
import { createInterface } from "node:readline";
import { ConfigError, loadConfig } from "@klinik/config";
import { loadScorer } from "@klinik/scorer";

let modelPath: string | undefined;
try {
  modelPath = loadConfig().KLINIK_MODEL_PATH || undefined;
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
const scorer = loadScorer(modelPath);
const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
let n = 0;
const write = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

for await (const line of rl) {
  n++;
  if (line.trim() === "") continue;
  let msg: unknown;
  try {
    msg = JSON.parse(line);
  } catch (e) {
    write({ id: n, error: { code: "invalid_json", message: (e as Error).message } });
    continue;
  }
  if (typeof msg !== "object" || msg === null || Array.isArray(msg)) {
    write({ id: n, error: { code: "invalid_input", message: "each line must be a JSON object" } });
    continue;
  }
  const o = msg as Record<string, unknown>;
  const id = typeof o.id === "string" || typeof o.id === "number" ? o.id : n;
  if (typeof o.text !== "string") {
    write({ id, error: { code: "invalid_input", message: "field `text` must be a string" } });
    continue;
  }
  try {
    const r = scorer.score({
      text: o.text,
      title: typeof o.title === "string" ? o.title : null,
      url: typeof o.url === "string" ? o.url : null,
    });
    write({ id, score: Math.round(r.score * 10000) / 10000, reasons: r.reasons });
  } catch (e) {
    write({ id, error: { code: "internal", message: (e as Error).message } });
  }
}
