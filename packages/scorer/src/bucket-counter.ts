import { grown } from "./grow.ts";

/**
 * Counts of the buckets one document touches, in order of first touch:
 * entry `e` is bucket `bucket(e)`, counted `count(e)` times. An open-addressing
 * table sized to the document (a few kB for a news body) rather than an array
 * over all 2^18 buckets: a count of the dense array was a cache miss per
 * token, a fifth of the scoring time of a news body. Reused across documents
 * (scoring is synchronous); {@link reset} empties it.
 */
export class BucketCounter {
  /** Slot p holds bucket + 1 at `2p` (0: empty) and its entry at `2p + 1`. */
  #slots = new Int32Array(2 * 1024);
  #mask = 1024 - 1;
  #counts = new Int32Array(512);
  #buckets = new Int32Array(512);
  /** Entries (distinct buckets) counted. */
  size = 0;
  /** Entry of the bucket last bumped. */
  entry = -1;

  reset(): void {
    const slots = this.#slots;
    const mask = this.#mask;
    // Every bucket sits at or after its home slot in the same probe run: clearing runs from home slots empties them all.
    for (let e = 0; e < this.size; e++) {
      let p = (this.#buckets[e] as number) & mask;
      while (slots[2 * p] !== 0) {
        slots[2 * p] = 0;
        p = (p + 1) & mask;
      }
    }
    this.size = 0;
  }

  /**
   * Counts one more occurrence of bucket `b` (a hash's low bits, so already
   * well mixed) and returns its count before; {@link entry} is then its entry.
   */
  bump(b: number): number {
    const slots = this.#slots;
    const mask = this.#mask;
    let p = b & mask;
    for (;;) {
      const s = slots[2 * p] as number;
      if (s === b + 1) {
        const e = slots[2 * p + 1] as number;
        this.entry = e;
        const c = this.#counts[e] as number;
        this.#counts[e] = c + 1;
        return c;
      }
      if (s === 0) break;
      p = (p + 1) & mask;
    }
    const e = this.size++;
    if (e >= this.#counts.length) {
      this.#counts = grown(this.#counts);
      this.#buckets = grown(this.#buckets);
    }
    this.#counts[e] = 1;
    this.#buckets[e] = b;
    this.entry = e;
    slots[2 * p] = b + 1;
    slots[2 * p + 1] = e;
    if (2 * (e + 1) > mask) this.#grow();
    return 0;
  }

  /** Bucket of entry `e`. */
  bucket(e: number): number {
    return this.#buckets[e] as number;
  }

  /** Occurrences counted for entry `e`. */
  count(e: number): number {
    return this.#counts[e] as number;
  }

  #grow(): void {
    const size = 2 * (this.#mask + 1);
    const slots = new Int32Array(2 * size);
    const mask = size - 1;
    for (let e = 0; e < this.size; e++) {
      const b = this.#buckets[e] as number;
      let p = b & mask;
      while (slots[2 * p] !== 0) p = (p + 1) & mask;
      slots[2 * p] = b + 1;
      slots[2 * p + 1] = e;
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}
