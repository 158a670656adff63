// The labelled corpora of training, evaluation and experiments: `@klinik/scorer/corpora`.
// Callers pass the data directory (scripts take it from the configuration).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { rng } from "./random.ts";
import type { TrainingDoc } from "./trainer.ts";

/** A labelled corpus document with the group used for topic-disjoint splits. */
export interface CorpusDoc extends TrainingDoc {
  /** Topic (IDNHoaxCorpus `topik`, or `kw:<keyword>` when empty); "" when unknown. */
  group: string;
}

/** Key under which two texts count as the same document: case, punctuation and spacing ignored. */
export function dedupeKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** IHND-600 (`<dir>/ihnd-600/news-600.csv`): `berita;tagging`, Hoax → 1, Valid → 0; duplicate bodies (5, same labels) dropped so none sits on both sides of a split. */
export function loadIhnd(dir: string): CorpusDoc[] {
  const path = resolve(dir, "ihnd-600/news-600.csv");
  const rows = parse(readFileSync(path, "utf8"), {
    delimiter: ";",
    columns: true,
    bom: true,
    relax_quotes: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  const docs: CorpusDoc[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const tag = (r.tagging ?? "").trim().toLowerCase();
    if ((tag !== "hoax" && tag !== "valid") || !r.berita || seen.has(dedupeKey(r.berita))) continue;
    seen.add(dedupeKey(r.berita));
    docs.push({ text: r.berita, label: tag === "hoax" ? 1 : 0, group: "" });
  }
  return docs;
}

/** IDNHoaxCorpus (`<dir>/idn-hoax-corpus/datasetUMPOHoax.csv`): `topik,keyword,tweet,gambar,url,label`, hoax → 1, valid → 0, `?` dropped, duplicate tweets (also up to case/punctuation) dropped. */
export function loadIdn(dir: string): CorpusDoc[] {
  const path = resolve(dir, "idn-hoax-corpus/datasetUMPOHoax.csv");
  const rows = parse(readFileSync(path, "utf8"), {
    columns: true,
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  const seen = new Set<string>();
  const docs: CorpusDoc[] = [];
  for (const r of rows) {
    const label = (r.label ?? "").trim().toLowerCase();
    const text = (r.tweet ?? "").trim();
    const key = dedupeKey(text);
    if ((label !== "hoax" && label !== "valid") || text === "" || seen.has(key)) continue;
    seen.add(key);
    const topic = (r.topik ?? "").trim().toLowerCase();
    const keyword = (r.keyword ?? "").trim().toLowerCase();
    docs.push({ text, label: label === "hoax" ? 1 : 0, group: topic || (keyword ? `kw:${keyword}` : "") });
  }
  return docs;
}

/** One text of the in-domain set written into this package (`eval/indomain.jsonl`). */
export interface InDomainDoc extends CorpusDoc {
  id: string;
  /** `chain`, `scam` (label 1); `gov`, `news`, `warning`, `clarification` (label 0). */
  kind: string;
  /** Whole families are `train` or `eval`; nothing trains on `eval`. */
  split: "train" | "eval";
}

/** Path of the in-domain set shipped in this package. */
export const IN_DOMAIN_PATH = fileURLToPath(new URL("../eval/indomain.jsonl", import.meta.url));

/**
 * The in-domain set: chain messages and scams against what a clinic's feeds
 * carry (announcements, local news, warnings, clarifications quoting a hoax),
 * grouped by topic family (`group`), each family wholly in `train` or `eval`.
 */
export function loadInDomain(path: string = IN_DOMAIN_PATH, split?: "train" | "eval"): InDomainDoc[] {
  const docs: InDomainDoc[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const r = JSON.parse(line) as {
      id: string;
      family: string;
      kind: string;
      split: string;
      label: number;
      text: string;
    };
    if (r.split !== "train" && r.split !== "eval") throw new Error(`${path}: ${r.id} has split ${r.split}`);
    if (split && r.split !== split) continue;
    docs.push({ id: r.id, text: r.text, label: r.label === 1 ? 1 : 0, group: r.family, kind: r.kind, split: r.split });
  }
  return docs;
}

export interface Split {
  train: number[];
  test: number[];
}

/** Per-class shuffle, then `testFrac` of each class to test (the IHND-600 published protocol). */
export function stratifiedSplit(docs: readonly CorpusDoc[], testFrac: number, seed: number): Split {
  const rand = rng(seed);
  const split: Split = { train: [], test: [] };
  for (const cls of [0, 1]) {
    const rows = docs.map((d, i) => (d.label === cls ? i : -1)).filter((i) => i >= 0);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [rows[i], rows[j]] = [rows[j] as number, rows[i] as number];
    }
    const nTest = Math.round(rows.length * testFrac);
    split.test.push(...rows.slice(0, nTest));
    split.train.push(...rows.slice(nTest));
  }
  return split;
}

/** Whole topics go to test until ~testFrac of the grouped rows are there; rows without a topic always train. */
export function groupedSplit(docs: readonly CorpusDoc[], testFrac: number, seed: number): Split {
  const rand = rng(seed);
  const groups = [...new Set(docs.map((d) => d.group).filter((g) => g !== ""))];
  for (let i = groups.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [groups[i], groups[j]] = [groups[j] as string, groups[i] as string];
  }
  const size = new Map<string, number>();
  for (const d of docs) if (d.group) size.set(d.group, (size.get(d.group) ?? 0) + 1);
  const grouped = docs.filter((d) => d.group !== "").length;
  const testGroups = new Set<string>();
  let n = 0;
  for (const g of groups) {
    if (n >= grouped * testFrac) break;
    testGroups.add(g);
    n += size.get(g) ?? 0;
  }
  const split: Split = { train: [], test: [] };
  for (const [i, d] of docs.entries()) (testGroups.has(d.group) ? split.test : split.train).push(i);
  return split;
}
