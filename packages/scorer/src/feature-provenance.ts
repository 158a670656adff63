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
 * Reason codes per bucket of the word block, for the scorer: without char
 * n-grams every code lives in one bucket, so the first code seen in a bucket
 * is kept there (no per-occurrence record). Buckets where a second code
 * collides keep the count of the first code before the collision and every
 * later occurrence, so their contribution can still be split by occurrences.
 * Reused across calls; {@link BucketKeys.clear} empties the touched buckets.
 */
export class BucketKeys {
  /** Head and tail of each bucket's first code side by side (`2b`, `2b + 1`): one cache line per bucket. */
  readonly #slots: (string | undefined)[];
  /** Buckets with more than one code, with what is needed to split them. */
  readonly collisions = new Map<number, { firstCount: number; heads: string[]; tails: (string | undefined)[] }>();

  constructor(size: number) {
    this.#slots = new Array<string | undefined>(2 * size).fill(undefined);
  }

  note(bucket: number, head: string, tail: string | undefined, countBefore: number): void {
    const slots = this.#slots;
    if (countBefore === 0) {
      slots[2 * bucket] = head;
      slots[2 * bucket + 1] = tail;
      return;
    }
    let c = this.collisions.get(bucket);
    if (c === undefined) {
      if (slots[2 * bucket] === head && slots[2 * bucket + 1] === tail) return;
      c = { firstCount: countBefore, heads: [], tails: [] };
      this.collisions.set(bucket, c);
    }
    c.heads.push(head);
    c.tails.push(tail);
  }

  /** True when a code was noted in `bucket`. */
  has(bucket: number): boolean {
    return this.#slots[2 * bucket] !== undefined;
  }

  /** Reason code of the first code seen in a bucket. */
  code(bucket: number): string {
    return codeOf(this.#slots[2 * bucket] as string, this.#slots[2 * bucket + 1]);
  }

  clear(buckets: ArrayLike<number>): void {
    const slots = this.#slots;
    for (let k = 0; k < buckets.length; k++) {
      const b = buckets[k] as number;
      slots[2 * b] = undefined;
      slots[2 * b + 1] = undefined;
    }
    this.collisions.clear();
  }
}

/** `head` for terms and domains; `phrase:head tail` for bigrams. */
export function codeOf(head: string, tail: string | undefined): string {
  return tail === undefined ? head : `phrase:${head} ${tail}`;
}
