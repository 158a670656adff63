import type { TermStats } from "./rank.ts";

/**
 * Term statistics of the published clarifications, kept in memory per process
 * by the published index: document frequencies for the ranking, and the known
 * words a misspelt query word is corrected to. Exact: a withdrawn or edited
 * clarification is taken out before its new terms are counted.
 */
export class Vocabulary implements TermStats {
  private readonly counts = new Map<string, number>();
  // Known terms by first letter, for the misspelling scan (a term whose count fell to 0 stays, unused).
  private readonly byInitial = new Map<string, string[]>();
  private readonly listed = new Set<string>();
  private readonly lengths = new Map<string, number>();
  private totalLength = 0;
  // Corrections found, until the counts change.
  private readonly corrections = new Map<string, string | undefined>();

  get docs(): number {
    return this.lengths.size;
  }

  get avgLength(): number {
    return this.lengths.size ? this.totalLength / this.lengths.size : 0;
  }

  df(term: string): number {
    return this.counts.get(term) ?? 0;
  }

  has(id: string): boolean {
    return this.lengths.has(id);
  }

  /** Counts one document's distinct terms and its length (once per document id). */
  add(id: string, distinct: Iterable<string>, length: number): void {
    if (this.lengths.has(id)) return;
    this.corrections.clear();
    this.lengths.set(id, length);
    this.totalLength += length;
    for (const t of distinct) {
      const n = this.counts.get(t) ?? 0;
      this.counts.set(t, n + 1);
      if (n === 0 && !this.listed.has(t)) {
        this.listed.add(t);
        const bucket = this.byInitial.get(t[0] ?? "") ?? [];
        bucket.push(t);
        this.byInitial.set(t[0] ?? "", bucket);
      }
    }
  }

  /** Takes out a document counted by `add`, with the same distinct terms. */
  remove(id: string, distinct: Iterable<string>): void {
    const length = this.lengths.get(id);
    if (length === undefined) return;
    this.corrections.clear();
    this.lengths.delete(id);
    this.totalLength -= length;
    for (const t of distinct) {
      const n = (this.counts.get(t) ?? 0) - 1;
      if (n > 0) this.counts.set(t, n);
      else this.counts.delete(t);
    }
  }

  /**
   * The most frequent known term one edit away (two for long words) from an
   * unknown one: "ambulan" → "ambulans", "vaksim" → "vaksin". Terms under five
   * letters and digits are left alone (too many neighbours to guess right).
   */
  correct(term: string): string | undefined {
    if (term.length < 5 || /\p{N}/u.test(term) || this.counts.has(term)) return undefined;
    // A scan of the terms with its initial costs milliseconds; a forwarded message brings the same words again.
    if (this.corrections.has(term)) return this.corrections.get(term);
    const best = this.closest(term);
    if (this.corrections.size >= MAX_CORRECTIONS) this.corrections.clear();
    this.corrections.set(term, best);
    return best;
  }

  private closest(term: string): string | undefined {
    const max = term.length >= 8 ? 2 : 1;
    let best: string | undefined;
    let bestDf = 0;
    for (const known of this.byInitial.get(term[0] ?? "") ?? []) {
      if (Math.abs(known.length - term.length) > max) continue;
      const df = this.counts.get(known) ?? 0;
      if (df <= bestDf) continue;
      if (editDistance(term, known, max) <= max) {
        best = known;
        bestDf = df;
      }
    }
    return best;
  }
}

const MAX_CORRECTIONS = 50_000;

/**
 * Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps),
 * stopping early once it exceeds `max`. Written here: the libraries at hand
 * (natural's DamerauLevenshteinDistance) neither stop early nor load cheaply.
 */
export function editDistance(a: string, b: string, max: number): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (prev2[j - 2] as number) + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] as number;
}
