/**
 * The in-domain part of `pnpm eval`: the shipped recipe trained without the
 * frozen families, scored on them; and an ablation table, each row the
 * recipe with one part changed, on the same frozen families and on the
 * corpus guards (one split each).
 */
import {
  createRawPredictor,
  createScorer,
  DEFAULT_FEATURE_CONFIG,
  ece,
  extractFeatures,
  type FeatureConfig,
  precisionAtTop,
  rocAuc,
  SIGNAL_NAMES,
  SIGNAL_PRIORS,
  sigmoid,
  type TrainOptions,
  trainModel,
  trainOnFeatures,
} from "@klinik/scorer";
import {
  type CorpusDoc,
  groupedSplit,
  type InDomainDoc,
  loadInDomain,
  type RecipeOptions,
  type RecipeParts,
  recipeDocs,
  stratifiedSplit,
} from "@klinik/scorer/corpora";

export interface Variant {
  name: string;
  recipe?: RecipeOptions;
  train?: TrainOptions;
  features?: Partial<FeatureConfig>;
}

export const ABLATIONS: Variant[] = [
  { name: "shipped recipe" },
  { name: "− in-domain training families", recipe: { inDomainWeight: 0 } },
  { name: "− naive Bayes blend", train: { nb: false } },
  { name: "− signal priors (learned freely)", train: { priors: {} } },
  { name: "− balanced classes, Platt with intercept", train: { balanced: false, neutral: false } },
  { name: "+ stopwords dropped", features: { dropStopwords: true } },
  { name: "+ stemming", features: { stem: true } },
  { name: "+ numbers counted", features: { numbers: true } },
  { name: "− short-text shrink", features: { shortTerms: 0 } },
  { name: "IHND whole (debunk articles as negatives)", recipe: { ihnd: "all" } },
  { name: "IHND left out", recipe: { ihnd: "none" } },
  {
    name: "previous recipe (corpora only, stems, no stopwords, numbers, no priors/NB)",
    recipe: { inDomainWeight: 0, ihnd: "all", ihndWeight: 1 },
    train: { nb: false, priors: {}, balanced: false, neutral: false },
    features: { stem: true, dropStopwords: true, numbers: true, placeholderBigrams: true, shortTerms: 0 },
  },
];

const f3 = (x: number) => (Number.isNaN(x) ? "  n/a" : x.toFixed(3));

/** AUC, precision@top-10 %, ECE of probabilities on the frozen families. */
function frozenMetrics(p: number[], docs: readonly InDomainDoc[]) {
  const y = docs.map((d) => d.label);
  return { auc: rocAuc(p, y), p10: precisionAtTop(p, y, 0.1), ece: ece(p, y) };
}

/** The recipe (with a variant) trained on everything but the frozen families; scored on them. */
export function frozenEval(parts: RecipeParts, v: Variant = { name: "" }) {
  const frozen = loadInDomain(undefined, "eval");
  const model = trainModel(recipeDocs(parts, v.recipe), { ...v.train, features: v.features });
  const scorer = createScorer(model);
  const p = frozen.map((d) => scorer.score({ text: d.text }).score);
  return { ...frozenMetrics(p, frozen), n: frozen.length, pos: frozen.filter((d) => d.label === 1).length };
}

/** Cue-only baseline: the signal priors alone (a keyword rule, no training). */
export function cueBaseline() {
  const frozen = loadInDomain(undefined, "eval");
  const cfg = DEFAULT_FEATURE_CONFIG;
  const p = frozen.map((d) => {
    const s = extractFeatures(d, cfg).signals;
    return sigmoid(SIGNAL_NAMES.reduce((z, name, i) => z + (SIGNAL_PRIORS[name] ?? 0) * (s[i] ?? 0), 0));
  });
  return frozenMetrics(p, frozen);
}

/** One guard split: the variant's trainer and features on a corpus's train split alone. */
function guard(docs: readonly CorpusDoc[], grouped: boolean, v: Variant) {
  const cfg = { ...DEFAULT_FEATURE_CONFIG, ...v.features };
  const raws = docs.map((d) => extractFeatures(d, cfg));
  const ys = docs.map((d) => d.label);
  const s = grouped ? groupedSplit(docs, 0.3, 1000) : stratifiedSplit(docs, 0.3, 1000);
  const predict = createRawPredictor(trainOnFeatures(raws, ys, cfg, v.train ?? {}, performance.now(), s.train));
  const p = s.test.map((i) => predict(raws[i] as (typeof raws)[number]));
  const y = s.test.map((i) => ys[i] as number);
  const acc = p.reduce((a, pi, k) => a + ((pi >= 0.5 ? 1 : 0) === y[k] ? 1 : 0), 0) / y.length;
  return { acc, auc: rocAuc(p, y) };
}

export function ablationTable(parts: RecipeParts): void {
  const head = ["variant", "frozen AUC", "prec@10%", "ECE", "IHND acc", "IDN AUC"];
  const rows = ABLATIONS.map((v) => {
    const fz = frozenEval(parts, v);
    const ih = guard(parts.ihnd, false, v);
    const id = guard(parts.idn, true, v);
    return [v.name, f3(fz.auc), f3(fz.p10), f3(fz.ece), f3(ih.acc), f3(id.auc)];
  });
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(w[i] as number)).join(" | ")} |`;
  console.log([line(head), `|${w.map((x) => "-".repeat(x + 2)).join("|")}|`, ...rows.map(line)].join("\n"));
}

export const fmt = f3;
