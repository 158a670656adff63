import { grown } from "./grow.ts";

const FNV_PRIME = 16777619;

/**
 * FNV-1a state of the ASCII-lowercased code units of `s[from..to)` from `seed`, or
 * {@link NOT_ASCII} when the span has a code unit beyond ASCII (whose lowercase only
 * `toLowerCase` knows). For ASCII text this is `fnvUpdate(seed, s.slice(from, to).toLowerCase())`.
 */
export function asciiLowerFnv(s: string, from: number, to: number, seed: number): number {
  let h = seed | 0;
  for (let k = from; k < to; k++) {
    let u = s.charCodeAt(k);
    if (u >= 0x80) return NOT_ASCII;
    if (u >= 0x41 && u <= 0x5a) u += 32;
    h = Math.imul(h ^ u, FNV_PRIME);
  }
  return h;
}

/** Not an int32, so never an FNV state. */
export const NOT_ASCII = 2 ** 32;

/**
 * The lowercased words seen so far, each with a term id and the term's hash,
 * found from the word's code units in the text without building its string.
 * A hit costs the word's FNV hash (which the caller computes in one pass over
 * it), one slot and a comparison with the stored copy of its code units;
 * before, a new substring, its lowercasing, V8's string hash, a Map probe and
 * the term object's fields were a fifth of the scoring time of a news body.
 * Entries are never removed one by one: the caller empties the table between
 * documents once it holds `maxEntries`, so ids stay valid for a whole document.
 */
export class TermTable {
  /** Open addressing, 4 ints a slot: key (FNV state), word id + 1 (0: empty), term id (-1: no term), term hash. */
  #slots = new Int32Array(4 * 4096);
  #mask = 4096 - 1;
  /** Code units of every word, one after another; word `id` spans `#starts[id]..#starts[id + 1]`. */
  #chars = new Uint16Array(1 << 16);
  #starts = new Int32Array(1025);
  /** Each word as a string (its char n-grams are taken from it). */
  readonly words: string[] = [];

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.words.length;
  }

  /** Slot of the word with FNV state `key` whose code units are those of `s[from..to)` ASCII-lowercased, or -1. */
  find(key: number, s: string, from: number, to: number): number {
    const slots = this.#slots;
    let p = mix(key) & this.#mask;
    for (;;) {
      const id = (slots[4 * p + 1] as number) - 1;
      if (id < 0) return -1;
      if (slots[4 * p] === key && this.#same(id, s, from, to)) return p;
      p = (p + 1) & this.#mask;
    }
  }

  /** Adds a word (lowercased, not yet in the table) with its FNV state, term id and term hash; returns its slot. */
  add(key: number, word: string, term: number, hash: number): number {
    const id = this.words.length;
    if (2 * (id + 1) > this.#mask) this.#rehash(2 * (this.#mask + 1));
    if (id + 2 > this.#starts.length) this.#starts = grown(this.#starts, 2 * this.#starts.length);
    const at = this.#starts[id] as number;
    if (at + word.length > this.#chars.length)
      this.#chars = grown(this.#chars, Math.max(2 * this.#chars.length, at + word.length));
    for (let k = 0; k < word.length; k++) this.#chars[at + k] = word.charCodeAt(k);
    this.#starts[id + 1] = at + word.length;
    this.words.push(word);
    const slots = this.#slots;
    const p = this.#free(key);
    slots[4 * p] = key;
    slots[4 * p + 1] = id + 1;
    slots[4 * p + 2] = term;
    slots[4 * p + 3] = hash;
    return p;
  }

  /** Term id of the word in slot `p`, or -1 when it is no term (one letter, a dropped stopword). */
  termAt(p: number): number {
    return this.#slots[4 * p + 2] as number;
  }

  /** Hash of the term of the word in slot `p` (as an int32). */
  hashAt(p: number): number {
    return this.#slots[4 * p + 3] as number;
  }

  /** The word in slot `p`. */
  wordAt(p: number): string {
    return this.words[(this.#slots[4 * p + 1] as number) - 1] as string;
  }

  clear(): void {
    this.#slots.fill(0);
    this.words.length = 0;
  }

  #same(id: number, s: string, from: number, to: number): boolean {
    const at = this.#starts[id] as number;
    if ((this.#starts[id + 1] as number) - at !== to - from) return false;
    const chars = this.#chars;
    for (let k = from; k < to; k++) {
      let u = s.charCodeAt(k);
      if (u >= 0x41 && u <= 0x5a) u += 32;
      if (chars[at + k - from] !== u) return false;
    }
    return true;
  }

  #free(key: number): number {
    const slots = this.#slots;
    let p = mix(key) & this.#mask;
    while (slots[4 * p + 1] !== 0) p = (p + 1) & this.#mask;
    return p;
  }

  #rehash(size: number): void {
    const old = this.#slots;
    this.#slots = new Int32Array(4 * size);
    this.#mask = size - 1;
    for (let q = 0; q < old.length; q += 4) {
      if (old[q + 1] === 0) continue;
      const p = this.#free(old[q] as number);
      this.#slots.set(old.subarray(q, q + 4), 4 * p);
    }
  }
}

/**
 * Distinct terms (stems or words, and placeholders) with their reason codes
 * and hashes, by id: equal terms get one id, so ids compare as the strings do.
 */
export class Terms {
  readonly terms: string[] = [];
  /** Reason code, `term:<term>`. */
  readonly keys: string[] = [];
  /** Mixed hash of the unigram (as an int32); its low bits are the bucket. */
  readonly hashes: number[] = [];
  /** FNV state after `<term> ` from the bigram seed: a bigram's hash continues from it with the next term. */
  readonly bigramStates: number[] = [];
  readonly #ids = new Map<string, number>();

  /** `fixed` get ids 0, 1, … again after every {@link clear}. */
  constructor(
    private readonly hash: (term: string) => number,
    private readonly bigramState: (term: string) => number,
    private readonly fixed: readonly string[],
  ) {
    this.clear();
  }

  id(term: string): number {
    let id = this.#ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.#ids.set(term, id);
      this.terms.push(term);
      this.keys.push(`term:${term}`);
      this.hashes.push(this.hash(term) | 0);
      this.bigramStates.push(this.bigramState(term));
    }
    return id;
  }

  clear(): void {
    this.#ids.clear();
    this.terms.length = 0;
    this.keys.length = 0;
    this.hashes.length = 0;
    this.bigramStates.length = 0;
    for (const t of this.fixed) this.id(t);
  }
}
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}
