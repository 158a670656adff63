/**
 * Learning from a clinic's verdicts (runs on import):
 * `pnpm bench learning [--seeds 20|5] [--seed-base 100] [--C 32] [--nb 2] [--nb-shrink 5] [--instance K] [--no-retrain]`.
 * For each of several generated clinic streams (scripts/bench/_clinic-stream.ts,
 * not the evaluation set), analysts give verdicts on the first N items; the
 * product's learning path (verdict rows → trainingDocsFromVerdicts →
 * adaptModel on the shipped base model → createScorer) scores the rest;
 * precision at the top 10 %, AUC and calibration error on the rest: mean over
 * streams, and for precision also the median and the worst and best stream
 * (one stream's figure moves by 0.02 per news item in its top 55). Beside it,
 * the old path: the base recipe retrained with the verdicts added as ordinary
 * documents (`pnpm train --verdicts`).
 * `--path=product` instead runs one stream through the product itself
 * (stored verdicts → train-model processor → registry → rescore; see
 * _learning-product.ts), with adaptModel's figures on the same stream beside.
 */
import { parseArgs } from "node:util";
import {
  adaptModel,
  createScorer,
  DEFAULT_ADAPT_C,
  DEFAULT_ADAPT_NB,
  DEFAULT_ADAPT_NB_SHRINK,
  ece,
  loadModel,
  precisionAtTop,
  rocAuc,
  trainingDocsFromVerdicts,
  trainModel,
} from "@klinik/scorer";
import { loadRecipeParts, recipeDocs } from "@klinik/scorer/corpora";
import { dataDir } from "../lib/data-dir.ts";
import { clinicStream } from "./_clinic-stream.ts";
import { productPath } from "./_learning-product.ts";
import { spread } from "./_util.ts";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    /** Streams: 20 by default, 5 on the product path (each N there is a clinic of 600 stored items). */
    seeds: { type: "string" },
    /** First stream seed; the defaults of adaptModel were chosen on streams from seed 200, the report uses 100. */
    "seed-base": { type: "string", default: "100" },
    C: { type: "string" },
    nb: { type: "string" },
    "nb-shrink": { type: "string" },
    "no-retrain": { type: "boolean", default: false },
    path: { type: "string", default: "adapt" },
    /**
     * Start every clinic from an instance-wide layer instead of the shipped
     * model: K other clinics' first 100 verdicts each (streams from seed
     * 5000, outside the tuning and report seeds), each clinic weighing the same.
     */
    instance: { type: "string", default: "0" },
  },
});
const product = values.path === "product";
const SEEDS = Number(values.seeds ?? (product ? 5 : 20));
const C = values.C === undefined ? DEFAULT_ADAPT_C : Number(values.C);
const NB = values.nb === undefined ? DEFAULT_ADAPT_NB : Number(values.nb);
const SHRINK = values["nb-shrink"] === undefined ? DEFAULT_ADAPT_NB_SHRINK : Number(values["nb-shrink"]);
const STREAM = 600;
const NS = [0, 20, 50, 100, 200];

const shipped = loadModel();
const INSTANCE = Number(values.instance);
/** What each clinic's layer adapts: the shipped model, or with --instance K an instance-wide layer over it. */
const base = INSTANCE > 0 ? instanceModel(INSTANCE) : shipped;

function instanceModel(clinics: number) {
  const per = 100;
  const docs = Array.from({ length: clinics }, (_, k) =>
    trainingDocsFromVerdicts(
      clinicStream(per, 5000 + k).map((it) => ({ text: it.text, verdict: it.label === 1 ? "false" : "true" })),
    ),
  ).flatMap((d, _, all) => {
    // Each clinic's verdicts weigh as much in total as the mean clinic's, so no clinic dominates.
    const meanCount = all.reduce((a, x) => a + x.length, 0) / all.length;
    return d.map((doc) => ({ ...doc, weight: meanCount / d.length }));
  });
  return adaptModel(shipped, docs, { C, nb: NB, nbShrink: SHRINK });
}
const baseDocs = values["no-retrain"] || product ? [] : recipeDocs(loadRecipeParts(dataDir()));
type Row = { p10: number[]; auc: number[]; ece: number[]; secs: number[] };
const newRow = (): Row => ({ p10: [], auc: [], ece: [], secs: [] });
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
const f = (x: number) => (Number.isNaN(x) ? "  -  " : x.toFixed(3));

/** One table: the streams (with or without the blind spot), each N, the clinic layer and (optionally) the old path. */
function run(blindSpot: boolean, retrain: boolean): void {
  const adapted = new Map(NS.map((n) => [n, newRow()]));
  const retrained = new Map(NS.map((n) => [n, newRow()]));
  for (let s = 0; s < SEEDS; s++) {
    const stream = clinicStream(STREAM, Number(values["seed-base"]) + s, blindSpot);
    for (const n of NS) {
      const verdicts = stream.slice(0, n).map((it) => ({ text: it.text, verdict: it.label === 1 ? "false" : "true" }));
      const rest = stream.slice(n);
      const y = rest.map((it) => it.label);
      const measure = (row: Row, scorer: ReturnType<typeof createScorer>, secs: number) => {
        const p = rest.map((it) => scorer.score({ text: it.text }).score);
        row.p10.push(precisionAtTop(p, y, 0.1));
        row.auc.push(rocAuc(p, y));
        row.ece.push(ece(p, y));
        row.secs.push(secs);
      };
      let t = performance.now();
      const clinic = adaptModel(base, trainingDocsFromVerdicts(verdicts), { C, nb: NB, nbShrink: SHRINK });
      measure(adapted.get(n) as Row, createScorer(clinic), (performance.now() - t) / 1000);
      if (retrain && baseDocs.length > 0 && s < 2 && n > 0) {
        t = performance.now();
        const model = trainModel([...baseDocs, ...trainingDocsFromVerdicts(verdicts)]);
        measure(retrained.get(n) as Row, createScorer(model), (performance.now() - t) / 1000);
      }
    }
  }
  console.log(
    `\n${blindSpot ? "With a blind spot (RT and cadre notices written like chain messages join the news)" : "Typical stream"}: ` +
      `${SEEDS} streams of ${STREAM} items (~12% hoaxes), seeds from ${values["seed-base"]}; verdicts on the first N, measured on the rest`,
  );
  console.log(
    "| N verdicts | clinic layer prec@10% | median (worst–best)   | AUC   | ECE   | train s | retrain prec@10% | AUC   | ECE   | train s |",
  );
  console.log(
    "|-----------:|----------------------:|:----------------------|------:|------:|--------:|-----------------:|------:|------:|--------:|",
  );
  for (const n of NS) {
    const a = adapted.get(n) as Row;
    const r = retrained.get(n) as Row;
    console.log(
      `| ${String(n).padStart(10)} | ${f(mean(a.p10)).padStart(21)} | ${spread(a.p10).padEnd(21)} | ${f(mean(a.auc))} | ${f(mean(a.ece))} | ${mean(a.secs).toFixed(2).padStart(7)} | ${f(mean(r.p10)).padStart(16)} | ${f(mean(r.auc))} | ${f(mean(r.ece))} | ${(r.secs.length ? mean(r.secs).toFixed(1) : "-").padStart(7)} |`,
    );
  }
}

if (product) {
  await productPath({ ns: NS, stream: STREAM, seeds: SEEDS, seedBase: Number(values["seed-base"]) });
  console.log("\ngoal: prec@10% ≥ 0.90 after 50 verdicts; a training run < 30 s; model files ≤ 20 MB");
} else {
  console.log(
    `${INSTANCE > 0 ? `every clinic starts from an instance-wide layer (${INSTANCE} other clinics × 100 verdicts); ` : ""}` +
      `clinic layer C = ${C}, naive Bayes ${NB} shrunk by ${SHRINK} verdicts of the rarer kind; old path (retrain the base recipe + verdicts) on the first 2 typical streams`,
  );
  run(false, true);
  run(true, false);
  console.log("\ngoal: prec@10% ≥ 0.90 after 50 verdicts");
}
