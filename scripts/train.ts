/**
 * Trains the disinformation scorer on the in-domain training families
 * (packages/scorer/eval/indomain.jsonl, split "train"; the "eval" families are
 * never trained on), both corpora (plus optional analyst verdicts) and writes
 * packages/scorer/model/model.json. The recipe (weights, IHND debunks) is
 * `recipeDocs` in @klinik/scorer/corpora.
 *
 *   pnpm train [--verdicts verdicts.jsonl] [--no-db] [--out path/model.json] [--knn 3]
 *
 * Data comes from ../shared/data, or KLINIK_DATA_DIR, plus every verdict the
 * clinics' analysts recorded in the database at DATABASE_URL (skip with --no-db).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "@klinik/config";
import { listVerdictTexts, openDb } from "@klinik/db";
import {
  DEFAULT_MODEL_PATH,
  saveModel,
  type TrainingDoc,
  trainingDocsFromVerdicts,
  trainModel,
  type VerdictRow,
} from "@klinik/scorer";
import { loadRecipeParts, recipeDocs } from "@klinik/scorer/corpora";
import { dataDir } from "./lib/data-dir.ts";

// `pnpm train -- --verdicts x` passes a literal "--" through; drop it.
const args = process.argv.slice(2).filter((a, i) => !(i === 0 && a === "--"));
const { values } = parseArgs({
  args,
  options: {
    verdicts: { type: "string" },
    out: { type: "string" },
    knn: { type: "string" },
    "no-db": { type: "boolean", default: false },
  },
});

function readVerdicts(path: string): TrainingDoc[] {
  const rows: VerdictRow[] = [];
  readFileSync(path, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (line.trim() === "") return;
      try {
        rows.push(JSON.parse(line) as VerdictRow);
      } catch {
        console.warn(`  ${path}:${i + 1}: not JSON, skipped`);
      }
    });
  return trainingDocsFromVerdicts(rows);
}

/** Verdicts recorded by analysts of every clinic (labels are shared knowledge; texts stay on this machine). */
async function verdictsFromDb(): Promise<TrainingDoc[]> {
  const url = loadConfig().DATABASE_URL;
  if (url.startsWith("sqlite:") && !existsSync(url.slice("sqlite:".length))) {
    console.log(`database ${url}: not created yet, no analyst verdicts`);
    return [];
  }
  const db = openDb(url);
  try {
    const rows = await listVerdictTexts(db.db);
    console.log(`database: ${rows.length} analyst verdicts`);
    return trainingDocsFromVerdicts(
      rows.map((r) => ({ text: r.title ? `${r.title}\n${r.text}` : r.text, verdict: r.verdict })),
    );
  } catch (err) {
    console.warn(`database ${url}: verdicts not read (${(err as Error).message})`);
    return [];
  } finally {
    await db.close();
  }
}

const t0 = performance.now();
const secs = () => ((performance.now() - t0) / 1000).toFixed(1);
const data = dataDir();
console.log(`data: ${data}`);
const parts = loadRecipeParts(data);
const verdicts = [
  ...(values.verdicts ? readVerdicts(values.verdicts) : []),
  ...(values["no-db"] ? [] : await verdictsFromDb()),
];
console.log(
  `loaded in-domain train ${parts.inDomain.length} texts, ihnd-600 ${parts.ihnd.length} docs, idn-hoax-corpus ${parts.idn.length} docs` +
    `, analyst verdicts ${verdicts.length} docs` +
    ` (${secs()} s)`,
);
const docs: TrainingDoc[] = [...recipeDocs(parts), ...verdicts];
const model = trainModel(docs, {
  knn: values.knn === undefined ? undefined : Number(values.knn),
  onProgress: (m) => console.log(`  [${secs()} s] ${m}`),
});
const out = values.out ?? DEFAULT_MODEL_PATH;
saveModel(model, out);
const size = statSync(out).size;
const oof = model.training.oof;
console.log(`\nwrote ${out}`);
console.log(`version        ${model.version}`);
console.log(`docs           ${model.training.docs} (${model.training.positives} disinformation)`);
console.log(`non-zero wts   ${[...model.hashed].filter((v) => v !== 0).length} of ${model.hashed.length} buckets`);
console.log(`file size      ${(size / 1024 / 1024).toFixed(2)} MB`);
const { a, b, knn } = model.calibration;
console.log(`naive Bayes    ${(model.training.nb ?? 0).toFixed(3)} × log-count ratios added to the SVM weights`);
const nn = model.neighbours;
console.log(
  `calibration    a=${a.toFixed(3)} b=${b.toFixed(3)}` +
    (nn ? ` knn=${(knn ?? 0).toFixed(3)} (${nn.k}-NN over ${nn.labels.length} docs)` : ""),
);
if (oof) {
  console.log(
    `out-of-fold    AUC ${oof.auc.toFixed(3)}  accuracy ${oof.accuracy.toFixed(3)}  ECE ${oof.ece.toFixed(3)}` +
      "  (5-fold by row over all training docs; frozen in-domain evaluation: pnpm eval)",
  );
}
console.log("strongest signals:");
for (const [name, w] of Object.entries(model.signals).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))) {
  console.log(`  ${name.padEnd(24)} ${w >= 0 ? "+" : ""}${w.toFixed(3)}`);
}
console.log(`total ${secs()} s`);
