/**
 * Memory of clinic models in a classifier (runs on import): `pnpm bench model-cache [--models=50] [--rounds=3]`.
 * 50 clinic artefacts (each `adaptModel` on 50 verdicts of its own generated
 * stream, as the product's training run makes them) are loaded in fresh
 * processes, RSS after a collected heap, before and after loading:
 * - `full rebuild`: each clinic model expanded to the base's full arrays
 *   (`createScorer(decodeClinicModel(…))`, what ClinicScorers did before);
 * - `ClinicScorers`: the product's cache, the base's arrays once and each
 *   clinic's changed buckets (`BucketOverrides`);
 * the two alternating, each `--rounds` times (median shown); then
 * - `classifier scoring`: the classifier's own set-up with its default
 *   CLASSIFY_THREADS=1 (the main thread's base scorer and a scoring thread,
 *   startScorePool with MODEL_CACHE_SIZE=64), each clinic model loaded in the
 *   thread by scoring a batch with it: the whole process, threads included.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  adaptModel,
  ClinicScorers,
  createScorer,
  decodeClinicModel,
  encodeClinicModel,
  loadModel,
  trainingDocsFromVerdicts,
} from "@klinik/scorer";
import { startScorePool } from "@klinik/worker-classifier";
import { clinicStream } from "./_clinic-stream.ts";
import { arg, table } from "./_util.ts";

type Mode = "full" | "layer" | "pool";
const MB = 1024 * 1024;
const args = process.argv.slice(2);
const child = args.find((a) => a.startsWith("--child="))?.split("=")[1] as Mode | undefined;

/** RSS, and the heap and array buffers this thread holds, once garbage is collected and the heap has settled. */
async function settled(): Promise<{ rss: number; held: number }> {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, held: m.heapUsed + m.arrayBuffers };
}

/** In a fresh process: RSS before and after loading every artefact of `dir` in `mode`. */
async function measure(mode: Mode, dir: string): Promise<void> {
  const artefacts = (JSON.parse(readFileSync(join(dir, "artefacts.json"), "utf8")) as string[]).map((b) =>
    Buffer.from(b, "base64"),
  );
  const base = loadModel();
  const baseScorer = createScorer(base);
  const text = "VIRAL!!! Sebarkan: air PDAM tercemar racun, jangan minum air keran malam ini";
  baseScorer.score({ text });
  let before: { rss: number; held: number };
  let after: { rss: number; held: number };
  if (mode === "pool") {
    const pool = await startScorePool(1, undefined, 64);
    const items = [{ id: "1", title: null, text, url: null }];
    await pool.score(items);
    before = await settled();
    for (const [i, a] of artefacts.entries()) {
      const r = await pool.scoreWith(items, { version: `clinic-${i}`, artefact: async () => a });
      if (r.version === base.version) throw new Error("a clinic model did not load in the scoring thread");
    }
    after = await settled();
    await pool.close();
  } else {
    before = await settled();
    const kept: unknown[] = [];
    const cache = new ClinicScorers(base, 64, baseScorer);
    for (const a of artefacts) {
      const s = mode === "full" ? createScorer(decodeClinicModel(base, a)) : cache.load(a);
      s.score({ text });
      kept.push(s);
    }
    after = await settled();
    if (kept.length !== artefacts.length) throw new Error("unreachable");
  }
  // A scoring thread's heap is not this thread's: only RSS counts the whole process.
  const held = mode === "pool" ? null : after.held - before.held;
  console.log(JSON.stringify({ before: before.rss, after: after.rss, held }));
}

if (child) {
  await measure(child, process.env.BENCH_DIR as string);
} else {
  const models = arg(args, "models", 50);
  const rounds = arg(args, "rounds", 3);
  const base = loadModel();
  const t = performance.now();
  const artefacts = Array.from({ length: models }, (_, i) => {
    const verdicts = clinicStream(50, 1100 + i).map((it) => ({
      text: it.text,
      verdict: it.label === 1 ? "false" : "true",
    }));
    return encodeClinicModel(base, adaptModel(base, trainingDocsFromVerdicts(verdicts)));
  });
  console.log(
    `${models} clinic artefacts (50 verdicts each) made in ${((performance.now() - t) / 1000).toFixed(1)} s, ` +
      `${Math.round(artefacts.reduce((s, a) => s + a.byteLength, 0) / models)} bytes on average`,
  );
  const dir = mkdtempSync(join(tmpdir(), "klinik-model-cache-"));
  writeFileSync(join(dir, "artefacts.json"), JSON.stringify(artefacts.map((a) => a.toString("base64"))));
  type Run = { before: number; after: number; held: number | null };
  const run = (mode: Mode): Run =>
    JSON.parse(
      execFileSync(
        process.execPath,
        ["--expose-gc", "--import", "tsx", "scripts/bench/model-cache.ts", `--child=${mode}`],
        {
          encoding: "utf8",
          env: { ...process.env, BENCH_DIR: dir },
        },
      )
        .trim()
        .split("\n")
        .at(-1) as string,
    );
  const results: Record<Mode, Run[]> = { full: [], layer: [], pool: [] };
  for (let r = 0; r < rounds; r++) for (const mode of ["full", "layer", "pool"] as const) results[mode].push(run(mode));
  rmSync(dir, { recursive: true, force: true });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const row = (name: string, mode: Mode) => {
    const before = median(results[mode].map((x) => x.before));
    const after = median(results[mode].map((x) => x.after));
    const held = median(results[mode].map((x) => x.held ?? Number.NaN));
    return [
      name,
      `${(before / MB).toFixed(0)} MB`,
      `${(after / MB).toFixed(0)} MB`,
      `${((after - before) / MB).toFixed(1)} MB`,
      Number.isNaN(held) ? "-" : `${(held / MB).toFixed(1)} MB (${(held / 1024 / models).toFixed(0)} kB a model)`,
      results[mode].map((x) => (x.after / MB).toFixed(0)).join(" / "),
    ];
  };
  console.log(
    `\nRSS with ${models} clinic models loaded (fresh process each, collected heap; median of ${rounds} alternating runs)`,
  );
  console.log(
    table([
      ["", "RSS before loading", "RSS after", "RSS growth", "heap + buffers growth", "RSS after, each run"],
      ["---", "---", "---", "---", "---", "---"],
      row("full rebuild (before)", "full"),
      row("ClinicScorers (now)", "layer"),
      row("classifier scoring (main + 1 thread)", "pool"),
    ]),
  );
  console.log("goal: classifier RSS ≤ 300 MB with 50 clinic models");
}
