import { grown } from "./grow.ts";

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

/** Names of the term ids of one document's codes. */
export interface TermNames {
  readonly terms: readonly string[];
  /** `term:<term>` of each id. */
  readonly keys: readonly string[];
}

/** Tail of a code that has none (a term or a domain, not a phrase). */
export const NO_TAIL = -1;

/**
 * Reason codes per entry of the word block (entry k is bucket `indices[k]`),
 * for the scorer: without char n-grams every code lives in one bucket, so
 * the first code seen in a bucket is kept for its entry (no per-occurrence
 * record). Entries where a second code collides keep the count of the first
 * code before the collision and every later occurrence, so their
 * contribution can still be split by occurrences. A code is a head and a
 * tail, numbers: a term id (see {@link TermNames}) or a domain (negative),
 * and a term id or {@link NO_TAIL}; equal codes have equal numbers, and the
 * strings are built only for the reasons shown. Reused across calls;
 * {@link BucketKeys.clear} empties it.
 */
export class BucketKeys {
  /** Head and tail of each entry's first code, for entries `0..#size`. */
  #heads = new Int32Array(512);
  #tails = new Int32Array(512);
  #size = 0;
  readonly #domains: string[] = [];
  #names: TermNames = { terms: [], keys: [] };
  /** Entries with more than one code, with what is needed to split them. */
  readonly collisions = new Map<number, { firstCount: number; heads: number[]; tails: number[] }>();

  /** The names of the term ids noted from now on. */
  bind(names: TermNames): void {
    this.#names = names;
  }

  /** Head of the code `domain:<host>`. */
  domain(host: string): number {
    let i = this.#domains.indexOf(host);
    if (i < 0) i = this.#domains.push(host) - 1;
    return -(i + 1);
  }

  /** Notes a code in `entry`, which held `countBefore` occurrences before this one (0: a new entry, the next one). */
  note(entry: number, head: number, tail: number, countBefore: number): void {
    if (countBefore === 0) {
      if (this.#size === this.#heads.length) {
        this.#heads = grown(this.#heads);
        this.#tails = grown(this.#tails);
      }
      this.#heads[this.#size] = head;
      this.#tails[this.#size++] = tail;
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
    return entry < this.#size;
  }

  /** Reason code of the first code seen in an entry. */
  code(entry: number): string {
    return this.codeOf(this.#heads[entry] as number, this.#tails[entry] as number);
  }

  /** Reason code of a head and tail: `term:x`, `domain:x` or `phrase:x y`. */
  codeOf(head: number, tail: number): string {
    if (head < 0) return `domain:${this.#domains[-head - 1]}`;
    if (tail === NO_TAIL) return this.#names.keys[head] as string;
    return codeOf(this.#names.terms[head] as string, this.#names.terms[tail]);
  }

  clear(): void {
    this.#size = 0;
    this.#domains.length = 0;
    this.collisions.clear();
  }
}

/** `head` for terms and domains; `phrase:head tail` for bigrams. */
export function codeOf(head: string, tail: string | undefined): string {
  return tail === undefined ? head : `phrase:${head} ${tail}`;
}
