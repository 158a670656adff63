import type { TermStats } from "./rank.ts";

/**
 * Term statistics of the published clarifications, kept in memory per process
 * (like the claim matcher's signatures): document frequencies for the ranking,
 * and the known words a misspelt query word is corrected to. Edits to an
 * already counted clarification are not re-counted; frequencies drift by a few
 * documents at most, which ranking does not notice.
 */
export class Vocabulary implements TermStats {
  private readonly counts = new Map<string, number>();
  // Known terms by first letter, for the misspelling scan.
  private readonly byInitial = new Map<string, string[]>();
  private readonly seen = new Set<string>();
  private totalLength = 0;

  get docs(): number {
    return this.seen.size;
  }

  get avgLength(): number {
    return this.seen.size ? this.totalLength / this.seen.size : 0;
  }

  df(term: string): number {
    return this.counts.get(term) ?? 0;
  }

  has(id: string): boolean {
    return this.seen.has(id);
  }

  /** Counts one document's terms (once per document id). */
  add(id: string, terms: readonly string[]): void {
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.totalLength += terms.length;
    for (const t of new Set(terms)) {
      const n = this.counts.get(t) ?? 0;
      this.counts.set(t, n + 1);
      if (n === 0) {
        const bucket = this.byInitial.get(t[0] ?? "") ?? [];
        bucket.push(t);
        this.byInitial.set(t[0] ?? "", bucket);
      }
    }
  }

  /**
   * The most frequent known term one edit away (two for long words) from an
   * unknown one: "ambulan" → "ambulans", "vaksim" → "vaksin". Terms under five
   * letters and digits are left alone (too many neighbours to guess right).
   */
  correct(term: string): string | undefined {
    if (term.length < 5 || /\p{N}/u.test(term) || this.counts.has(term)) return undefined;
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
