/**
 * Classifier benchmark (runs on import): `pnpm bench classifier`.
 * - scoring throughput, tweet-length and news-length text, ours vs natural's
 *   BayesClassifier(StemmerId) trained on the same data, one process, one core
 * - training time on all corpora, model file size, RSS after load + scoring
 *   (measured in a fresh child process so the baselines do not inflate it)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createNaturalBayes, DEFAULT_MODEL_PATH, loadScorer, type TrainingDoc, trainModel } from "@klinik/scorer";
import { loadRecipeParts, recipeDocs } from "@klinik/scorer/corpora";
import { dataDir, loadIdn, loadIhnd } from "../lib/corpora.ts";

/** Each method runs in ROUNDS short slices, alternating with the other, and its best slice counts: on a shared, loaded machine a 2 s run of one method and then of the other measured the load as much as the code. */
const ROUNDS = 8;
const SECONDS_PER_ROUND = 0.4;

function slice(texts: string[], fn: (t: string) => unknown, from: number): { docsPerSec: number; docs: number } {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < SECONDS_PER_ROUND * 1000) {
    fn(texts[(from + n) % texts.length] as string);
    n++;
  }
  return { docsPerSec: n / ((performance.now() - t0) / 1000), docs: n };
}

/** Best slice of each method, the two alternating slice by slice over the same texts. */
function sideBySide(texts: string[], a: (t: string) => unknown, b: (t: string) => unknown): [number, number] {
  for (const t of texts.slice(0, 50)) {
    a(t);
    b(t);
  }
  let bestA = 0;
  let bestB = 0;
  let from = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const x = slice(texts, a, from);
    const y = slice(texts, b, from);
    bestA = Math.max(bestA, x.docsPerSec);
    bestB = Math.max(bestB, y.docsPerSec);
    from += y.docs;
  }
  return [bestA, bestB];
}

const ihnd = loadIhnd();
const idn = loadIdn();
const all: TrainingDoc[] = [...ihnd, ...idn];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(`cpu: ${cpus()[0]?.model ?? "?"} (${cpus().length} cores; scoring runs on one)`);
console.log(
  `data: ${all.length} docs; tweets median ${median(idn.map((d) => d.text.length))} chars, news median ${median(ihnd.map((d) => d.text.length))} chars`,
);

let t = performance.now();
// What `pnpm train` fits: the in-domain training families and both corpora, weighted by the recipe.
const model = trainModel(recipeDocs(loadRecipeParts(dataDir())));
const trainSecs = (performance.now() - t) / 1000;

t = performance.now();
const bayes = createNaturalBayes();
for (const d of all) bayes.addDocument(d.text, d.label === 1 ? "hoax" : "valid");
bayes.train();
const bayesTrainSecs = (performance.now() - t) / 1000;

const ours = loadScorer();
const tweets = idn.map((d) => d.text);
const news = ihnd.map((d) => d.text);
const rows: string[][] = [];
for (const [name, texts] of [
  ["tweet-length", tweets],
  ["news-length", news],
] as const) {
  const [o, b] = sideBySide(
    texts,
    (x) => ours.score({ text: x }),
    (x) => bayes.getClassifications(x),
  );
  rows.push([name, o.toFixed(0), b.toFixed(1), `${(o / b).toFixed(0)}×`]);
}

const table = (head: string[], body: string[][]) => {
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(w[i] as number)).join(" | ")} |`;
  console.log([line(head), `|${w.map((x) => "-".repeat(x + 2)).join("|")}|`, ...body.map(line)].join("\n"));
};

console.log(
  `\nscoring throughput (single thread, docs/s; best of ${ROUNDS} alternating ${SECONDS_PER_ROUND} s slices each)`,
);
table(["text", "ours", "natural Bayes", "ours / natural"], rows);

const textsFile = join(mkdtempSync(join(tmpdir(), "klinik-bench-")), "texts.json");
writeFileSync(textsFile, JSON.stringify(tweets.slice(0, 500).concat(news.slice(0, 100))));
const rssScript = `
import { readFileSync } from "node:fs";
import { loadScorer } from "@klinik/scorer";
const s = loadScorer();
const texts = JSON.parse(readFileSync(process.env.BENCH_TEXTS, "utf8"));
for (let i = 0; i < 5000; i++) s.score({ text: texts[i % texts.length] });
console.log(process.memoryUsage().rss);
`;
const rss = Number(
  execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", rssScript], {
    encoding: "utf8",
    env: { ...process.env, BENCH_TEXTS: textsFile },
  }).trim(),
);
rmSync(dirname(textsFile), { recursive: true, force: true });

console.log("\nother figures");
table(
  ["measure", "value", "goal"],
  [
    ["training time, shipped recipe (ours, incl. 5-fold calibration)", `${trainSecs.toFixed(1)} s`, "< 30 s"],
    ["training time, natural Bayes on the same docs", `${bayesTrainSecs.toFixed(1)} s`, "-"],
    ["model file size", `${(statSync(DEFAULT_MODEL_PATH).size / 1024 / 1024).toFixed(2)} MB`, "≤ 20 MB"],
    ["RSS after loading model + 5,000 scores (fresh process)", `${(rss / 1024 / 1024).toFixed(0)} MB`, "≤ 300 MB"],
    ["trained model version (not saved)", model.version, "-"],
  ],
);
