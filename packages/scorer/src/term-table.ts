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
 * What each distinct lowercased word maps to, found from the word's code
 * units in the text without building its string. A hit costs the word's FNV
 * hash (which the caller computes in one pass over it) and a comparison with
 * the stored copy of its code units, against a new substring, its
 * lowercasing, V8's string hash and a Map probe before (a fifth of the
 * scoring time of a news body). Entries are never removed one by one: the
 * caller empties the table between documents once it holds `maxEntries`,
 * so ids stay valid for a whole document.
 */
export class TermTable<T> {
  /** Open addressing: slot p holds the key at `2p` and id + 1 at `2p + 1` (0: empty). */
  #slots = new Int32Array(2 * 4096);
  #mask = 4096 - 1;
  /** Code units of every word, one after another; word `id` spans `#starts[id]..#starts[id + 1]`. */
  #chars = new Uint16Array(1 << 16);
  #starts = new Int32Array(1025);
  readonly values: T[] = [];

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.values.length;
  }

  /** Id of the word with FNV state `key` whose code units are those of `s[from..to)` ASCII-lowercased, or -1. */
  find(key: number, s: string, from: number, to: number): number {
    const slots = this.#slots;
    let p = mix(key) & this.#mask;
    for (;;) {
      const id = (slots[2 * p + 1] as number) - 1;
      if (id < 0) return -1;
      if (slots[2 * p] === key && this.#same(id, s, from, to)) return id;
      p = (p + 1) & this.#mask;
    }
  }

  /** Adds a word (lowercased, not yet in the table) with its FNV state and value; returns its id. */
  add(key: number, word: string, value: T): number {
    const id = this.values.length;
    if (2 * (id + 1) > this.#mask) this.#rehash(2 * (this.#mask + 1));
    if (id + 2 > this.#starts.length) this.#starts = grown(this.#starts, 2 * this.#starts.length);
    const at = this.#starts[id] as number;
    if (at + word.length > this.#chars.length)
      this.#chars = grown(this.#chars, Math.max(2 * this.#chars.length, at + word.length));
    for (let k = 0; k < word.length; k++) this.#chars[at + k] = word.charCodeAt(k);
    this.#starts[id + 1] = at + word.length;
    this.values.push(value);
    this.#place(key, id);
    return id;
  }

  clear(): void {
    this.#slots.fill(0);
    this.values.length = 0;
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

  #place(key: number, id: number): void {
    const slots = this.#slots;
    let p = mix(key) & this.#mask;
    while (slots[2 * p + 1] !== 0) p = (p + 1) & this.#mask;
    slots[2 * p] = key;
    slots[2 * p + 1] = id + 1;
  }

  #rehash(size: number): void {
    const old = this.#slots;
    this.#slots = new Int32Array(2 * size);
    this.#mask = size - 1;
    for (let p = 0; p < old.length; p += 2)
      if (old[p + 1] !== 0) this.#place(old[p] as number, (old[p + 1] as number) - 1);
  }
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}

function grown<A extends Int32Array | Uint16Array>(a: A, size: number): A {
  const b = new (a.constructor as new (n: number) => A)(size);
  b.set(a);
  return b;
}
