/** Where each hashed occurrence came from, for turning weights into reasons. */
export interface Provenance {
  buckets: number[];
  /** Reason code of each occurrence: `term:x`, `phrase:x y` or `domain:x`. */
  keys: string[];
}

/**
 * {@link Provenance} recorded without building a string per occurrence: each
 * occurrence has a `head` (the cached `term:x` or `domain:x` code, or the first
 * word of a phrase) and, for phrases only, a `tail` (the second word). `keys`
 * builds the codes on first use; the scorer reads heads and tails directly
 * and builds codes only for the reasons it returns.
 */
export class ProvenanceLog implements Provenance {
  readonly buckets: number[] = [];
  readonly heads: string[] = [];
  readonly tails: (string | undefined)[] = [];
  /** Occurrences from the char n-gram block: a code then spans several buckets. */
  charOccurrences = 0;
  private built: string[] | undefined;

  push(bucket: number, head: string, tail?: string): void {
    this.buckets.push(bucket);
    this.heads.push(head);
    this.tails.push(tail);
  }

  /** Reason code of occurrence `i`. */
  key(i: number): string {
    return codeOf(this.heads[i] as string, this.tails[i]);
  }

  get keys(): string[] {
    this.built ??= this.buckets.map((_, i) => this.key(i));
    return this.built;
  }
}

/**
 * Reason codes per entry of the word block (entry k is bucket `indices[k]`),
 * for the scorer: without char n-grams every code lives in one bucket, so
 * the first code seen in a bucket is kept for its entry (no per-occurrence
 * record). Entries where a second code collides keep the count of the first
 * code before the collision and every later occurrence, so their
 * contribution can still be split by occurrences. Reused across calls;
 * {@link BucketKeys.clear} empties it.
 */
export class BucketKeys {
  /** Head and tail of each entry's first code. */
  readonly #heads: string[] = [];
  readonly #tails: (string | undefined)[] = [];
  /** Entries with more than one code, with what is needed to split them. */
  readonly collisions = new Map<number, { firstCount: number; heads: string[]; tails: (string | undefined)[] }>();

  /** Notes a code in `entry`, which held `countBefore` occurrences before this one (0: a new entry, the next one). */
  note(entry: number, head: string, tail: string | undefined, countBefore: number): void {
    if (countBefore === 0) {
      this.#heads.push(head);
      this.#tails.push(tail);
      return;
    }
    let c = this.collisions.get(entry);
    if (c === undefined) {
      if (this.#heads[entry] === head && this.#tails[entry] === tail) return;
      c = { firstCount: countBefore, heads: [], tails: [] };
      this.collisions.set(entry, c);
    }
    c.heads.push(head);
    c.tails.push(tail);
  }

  /** True when a code was noted in `entry`. */
  has(entry: number): boolean {
    return entry < this.#heads.length;
  }

  /** Reason code of the first code seen in an entry. */
  code(entry: number): string {
    return codeOf(this.#heads[entry] as string, this.#tails[entry]);
  }

  clear(): void {
    this.#heads.length = 0;
    this.#tails.length = 0;
    this.collisions.clear();
  }
}

/** `head` for terms and domains; `phrase:head tail` for bigrams. */
export function codeOf(head: string, tail: string | undefined): string {
  return tail === undefined ? head : `phrase:${head} ${tail}`;
}
