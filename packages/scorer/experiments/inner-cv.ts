/**
 * Inner validation of model variants: for each of the eval's 5 seeds, 5-fold
 * cross-validation inside the TRAIN split only (IHND folds stratified by row,
 * IDN folds grouped by topic); the eval's test splits are never touched.
 * Prints mean inner accuracy, ROC-AUC and ECE per method.
 *
 *   pnpm exec tsx packages/scorer/experiments/inner-cv.ts ihnd model:0 model:3 blend:3:1 svmx:0.5:0.3
 *   pnpm exec tsx packages/scorer/experiments/inner-cv.ts --repeats 2 --data-dir /data idn model:0
 *
 * Methods: model:K (the trainer, K-NN blend, 0 = linear), modelb:K (balanced
 * classes), svm:C, svmx:C:S (plus document-structure features scaled by S),
 * knn:K:P (K-NN alone, similarity^P weights), blend:K:P:C (SVM margin + K-NN
 * vote, logistic blend on out-of-fold pairs), blendu:K:P (unnormalised vote).
 * Flags: --repeats N (outer seeds, default 5), --data-dir DIR (default
 * ../shared/data next to the repository, as `pnpm train` without KLINIK_DATA_DIR).
 */

import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  type CorpusDoc,
  groupedSplit as groupedSplitOf,
  loadIdn,
  loadIhnd,
  stratifiedSplit as stratifiedSplitOf,
} from "../src/corpora.ts";
import {
  accuracy,
  createRawPredictor,
  DEFAULT_FEATURE_CONFIG,
  ece,
  extractFeatures,
  featureDims,
  fitLinear,
  fitPlatt,
  inverseDocFreq,
  prepareText,
  type RawFeatures,
  rng,
  rocAuc,
  type SparseVector,
  sigmoid,
  stratifiedFolds,
  trainOnFeatures,
  weighFeatures,
} from "../src/index.ts";

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { repeats: { type: "string", default: "5" }, "data-dir": { type: "string" } },
});
const REPEATS = Number(flags.repeats);
if (!Number.isInteger(REPEATS) || REPEATS < 1)
  throw new Error(`--repeats must be a whole number ≥ 1, not ${flags.repeats}`);
const dataDir = flags["data-dir"] ?? resolve(import.meta.dirname, "../../../../shared/data");
const which = positionals[0] ?? "ihnd";
const methods = positionals.slice(1);
const docs: CorpusDoc[] = which === "ihnd" ? loadIhnd(dataDir) : loadIdn(dataDir);
const cfg = DEFAULT_FEATURE_CONFIG;
const raws: RawFeatures[] = docs.map((d) => extractFeatures(d, cfg));
const ys = docs.map((d) => d.label as number);
const HB = 2 ** cfg.hashBits;

// ---- structure features (c)
const texts = docs.map((d) => prepareText(d.text));
function structure(t: string): number[] {
  const lower = t.toLowerCase();
  const words = Math.max(1, t.split(/\s+/).length);
  const count = (re: RegExp) => (t.match(re) ?? []).length;
  const countL = (re: RegExp) => (lower.match(re) ?? []).length;
  const sat = (n: number) => (n === 0 ? 0 : 1 - 0.5 ** Math.min(n, 6));
  const quotes = count(/["\u201C\u201D]/g);
  const attrib = countL(/\b(?:kata|ujar|ucap|tutur|ungkap|jelas|terang|tegas|imbuh|papar)(?:nya)?\b/g);
  const menurut = countL(/\bmenurut\b/g);
  const cite = countL(/\b(?:dikutip dari|mengutip|melansir|dilansir|sumber ?:|dikutip)\b/g);
  const dateline =
    /^[A-Z][A-Za-z .]{2,30},?\s*(?:\([^)]{0,40}\)\s*)?(?:KOMPAS\.com|Kompas\.com|detik(?:com|news)?|Liputan6\.com|TEMPO\.CO|ANTARA(?: News)?|Tribunnews\.com|CNN Indonesia|Okezone|Republika\.co\.id)?\s*[-\u2013\u2014]/.test(
      t,
    )
      ? 1
      : 0;
  const paras = t.split("\n").filter((x) => x.trim()).length;
  const letters = count(/\p{L}/gu);
  const caps = count(/\p{Lu}/gu);
  const q = count(/\?/g);
  const excl = count(/!/g);
  return [
    sat(quotes / 2),
    sat(attrib),
    sat(menurut),
    sat(cite),
    dateline,
    Math.log1p(words) / 8,
    Math.min(1, paras / 20),
    letters ? caps / letters : 0,
    sat(q),
    sat(excl),
    (attrib / words) * 20,
    (quotes / words) * 20,
  ];
}
const STRUCT = texts.map(structure);
const NS = STRUCT[0]!.length;

function vectors(rows: number[], extra: boolean, scale = 1) {
  const idf = inverseDocFreq(raws, rows, cfg);
  const xs = raws.map((r, i) => {
    const v = weighFeatures(r, cfg, idf);
    if (!extra) return v;
    const s = STRUCT[i]!;
    const idx = Array.from(v.indices);
    const val = Array.from(v.values);
    s.forEach((x, k) => {
      if (x !== 0) {
        idx.push(featureDims(cfg) + k);
        val.push(x * scale);
      }
    });
    return { indices: Int32Array.from(idx), values: Float32Array.from(val) };
  });
  return xs;
}
const dimsFor = (extra: boolean) => featureDims(cfg) + (extra ? NS : 0);

function marginOf(w: Float64Array, bias: number, x: SparseVector) {
  let z = bias;
  for (let k = 0; k < x.indices.length; k++) z += w[x.indices[k]!]! * x.values[k]!;
  return z;
}

/** SVM margins on test rows, trained on train rows. */
function svmMargins(xs: SparseVector[], train: number[], test: number[], C = 0.5, extraDims = dimsFor(false)) {
  const fit = fitLinear(xs, ys, train, extraDims, { loss: "squared_hinge", C, seed: 1 });
  return test.map((r) => marginOf(fit.w, fit.bias, xs[r]!));
}

/** kNN votes (fraction-like, in [-1,1]) on test rows using train rows, cosine over the word block. */
const dense = new Float32Array(HB);
let UNNORM = false;
function knnVotes(xs: SparseVector[], train: number[], test: number[], k: number, pow: number) {
  const out: number[] = [];
  for (const t of test) {
    const x = xs[t]!;
    for (let j = 0; j < x.indices.length; j++) if (x.indices[j]! < HB) dense[x.indices[j]!] = x.values[j]!;
    const sims: [number, number][] = [];
    for (const r of train) {
      const v = xs[r]!;
      let s = 0;
      for (let j = 0; j < v.indices.length; j++) {
        const b = v.indices[j]!;
        if (b < HB) s += dense[b]! * v.values[j]!;
      }
      sims.push([s, r]);
    }
    for (let j = 0; j < x.indices.length; j++) if (x.indices[j]! < HB) dense[x.indices[j]!] = 0;
    sims.sort((a, b) => b[0] - a[0]);
    let num = 0,
      den = 0;
    for (const [s, r] of sims.slice(0, k)) {
      const wt = pow === 0 ? 1 : Math.max(s, 0) ** pow;
      num += wt * (ys[r] === 1 ? 1 : -1);
      den += wt;
    }
    out.push(UNNORM ? num : den > 0 ? num / den : 0);
  }
  return out;
}

// ---- splits: the eval's own
const stratifiedSplit = (testFrac: number, seed: number) => stratifiedSplitOf(docs, testFrac, seed);
const groupedSplit = (testFrac: number, seed: number) => groupedSplitOf(docs, testFrac, seed);
/** k folds over rows: stratified by row (ihnd) or grouped by topic (idn; topic-less rows spread by row). */
function innerFolds(rows: number[], k: number, seed: number): number[][] {
  const folds: number[][] = Array.from({ length: k }, () => []);
  const rand = rng(seed);
  if (which === "ihnd") {
    const f = stratifiedFolds(
      rows.map((r) => ys[r]!),
      k,
      rand,
    );
    for (const [i, r] of rows.entries()) folds[f[i]!]!.push(r);
  } else {
    const groups = [...new Set(rows.map((r) => docs[r]!.group))];
    for (let i = groups.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [groups[i], groups[j]] = [groups[j]!, groups[i]!];
    }
    const gf = new Map(groups.map((g, i) => [g, i % k]));
    for (const r of rows) folds[docs[r]!.group === "" ? Math.floor(rand() * k) : gf.get(docs[r]!.group)!]!.push(r);
  }
  return folds;
}

type Method = (train: number[], test: number[]) => number[]; // probabilities

/** Calibrated SVM: Platt on OOF margins of train (5 folds), then fit on all. */
function oofScores(train: number[], score: (tr: number[], te: number[]) => number[][], seed: number) {
  const folds = innerFolds(train, 5, seed);
  const feats = new Map<number, number[]>();
  folds.forEach((te, f) => {
    const tr = folds.filter((_, g) => g !== f).flat();
    const s = score(tr, te);
    for (const [i, r] of te.entries())
      feats.set(
        r,
        s.map((col) => col[i]!),
      );
  });
  return train.map((r) => feats.get(r)!);
}

/** Logistic regression (few features) by Newton. */
function fitLogit(X: number[][], y: number[], l2 = 1e-3) {
  const d = X[0]!.length + 1;
  let w = new Array(d).fill(0);
  for (let it = 0; it < 50; it++) {
    const g = new Array(d).fill(0);
    const H = Array.from({ length: d }, () => new Array(d).fill(0));
    X.forEach((x, i) => {
      const xx = [...x, 1];
      const p = sigmoid(xx.reduce((a, v, k) => a + v * w[k], 0));
      xx.forEach((v, a) => {
        g[a] += (p - y[i]!) * v;
        xx.forEach((u, b) => {
          H[a]![b] += p * (1 - p) * v * u;
        });
      });
    });
    for (let a = 0; a < d - 1; a++) {
      g[a] += l2 * w[a];
      H[a]![a] += l2;
    }
    // solve H dw = g (gaussian elimination)
    const A = H.map((row, i) => [...row, g[i]]);
    for (let c = 0; c < d; c++) {
      let p = c;
      for (let r = c + 1; r < d; r++) if (Math.abs(A[r]![c]) > Math.abs(A[p]![c])) p = r;
      [A[c], A[p]] = [A[p]!, A[c]!];
      for (let r = 0; r < d; r++)
        if (r !== c) {
          const f = A[r]![c] / A[c]![c];
          for (let k = c; k <= d; k++) A[r]![k] -= f * A[c]![k];
        }
    }
    const dw = A.map((row, i) => row[d] / row[i]);
    w = w.map((v, k) => v - (dw[k] ?? 0));
    if (dw.every((v) => Math.abs(v) < 1e-8)) break;
  }
  return (x: number[]) => sigmoid([...x, 1].reduce((a, v, k) => a + v * w[k], 0));
}

function makeMethod(name: string): Method {
  const [kind, ...args] = name.split(":");
  const num = (i: number, d: number) => (args[i] !== undefined ? Number(args[i]) : d);
  if (kind === "svm" || kind === "svmx") {
    const extra = kind === "svmx";
    const C = num(0, 0.5);
    const scale = num(1, 1);
    return (train, test) => {
      const xs = vectors(train, extra, scale);
      const oof = oofScores(train, (tr, te) => [svmMargins(vectors(tr, extra, scale), tr, te, C, dimsFor(extra))], 11);
      const cal = fitPlatt(
        oof.map((x) => x[0]!),
        train.map((r) => ys[r]!),
      );
      return svmMargins(xs, train, test, C, dimsFor(extra)).map((z) => sigmoid(cal.a * z + cal.b));
    };
  }
  if (kind === "knn") {
    const k = num(0, 5);
    const pow = num(1, 1);
    return (train, test) => {
      const xs = vectors(train, false);
      const oof = oofScores(train, (tr, te) => [knnVotes(vectors(tr, false), tr, te, k, pow)], 11);
      const cal = fitPlatt(
        oof.map((x) => x[0]!),
        train.map((r) => ys[r]!),
      );
      return knnVotes(xs, train, test, k, pow).map((v) => sigmoid(cal.a * v + cal.b));
    };
  }
  if (kind === "blendu") {
    UNNORM = true;
    return makeMethod(name.replace("blendu", "blend"));
  }
  if (kind === "blend" || kind === "blendx") {
    const extra = kind === "blendx";
    const k = num(0, 5);
    const pow = num(1, 1);
    const C = num(2, 0.5);
    return (train, test) => {
      const both = (tr: number[], te: number[]) => {
        const xs = vectors(tr, extra);
        const xk = extra ? vectors(tr, false) : xs;
        return [svmMargins(xs, tr, te, C, dimsFor(extra)), knnVotes(xk, tr, te, k, pow)];
      };
      const oof = oofScores(train, both, 11);
      const f = fitLogit(
        oof,
        train.map((r) => ys[r]!),
      );
      const s = both(train, test);
      return test.map((_, i) => f([s[0]![i]!, s[1]![i]!]));
    };
  }
  if (kind === "model" || kind === "modelb") {
    const k = num(0, 3);
    return (train, test) => {
      const m = trainOnFeatures(raws, ys, cfg, { knn: k, balanced: kind === "modelb" }, performance.now(), train);
      const pr = createRawPredictor(m);
      return test.map((r) => pr(raws[r]!));
    };
  }
  throw new Error(`unknown method ${name}`);
}

for (const name of methods) {
  const m = makeMethod(name);
  const accs: number[] = [];
  const aucs: number[] = [];
  const eces: number[] = [];
  const t0 = performance.now();
  for (let r = 0; r < REPEATS; r++) {
    const outer = which === "ihnd" ? stratifiedSplit(0.3, 1000 + r) : groupedSplit(0.3, 1000 + r);
    const folds = innerFolds(outer.train, 5, 500 + r);
    const p = new Map<number, number>();
    folds.forEach((te, f) => {
      const tr = folds.filter((_, g) => g !== f).flat();
      for (const [i, v] of m(tr, te).entries()) p.set(te[i]!, v);
    });
    const rows = outer.train;
    const pp = rows.map((x) => p.get(x)!);
    const yy = rows.map((x) => ys[x]!);
    accs.push(accuracy(pp, yy));
    aucs.push(rocAuc(pp, yy));
    eces.push(ece(pp, yy));
  }
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  console.log(
    `${which} ${name.padEnd(18)} inner acc ${mean(accs).toFixed(3)}  AUC ${mean(aucs).toFixed(3)}  ECE ${mean(eces).toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
  );
}
