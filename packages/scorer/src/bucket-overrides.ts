/**
 * The buckets whose weight a clinic model changed, over a base model's dense
 * weights: a bit per bucket says "changed" (32 kB at 2^18 buckets), and the
 * changed ones sit sorted with their weights (8 bytes each). A clinic model
 * touches the few thousand buckets its verdicts contain, so this replaces
 * the 3 MB a full copy of the base's arrays costs per loaded model.
 */
export class BucketOverrides {
  readonly #bits: Uint32Array;
  readonly #indices: Uint32Array;
  readonly #values: Float32Array;

  /**
   * @param indices changed buckets, ascending, each below `size`
   * @param values the clinic model's weight of each
   * @throws Error when the arrays disagree, are out of order or out of range
   */
  constructor(size: number, indices: Uint32Array, values: Float32Array) {
    if (indices.length !== values.length) throw new Error("overrides: indices and values differ in length");
    this.#bits = new Uint32Array(Math.ceil(size / 32));
    for (let k = 0; k < indices.length; k++) {
      const j = indices[k] as number;
      if (j >= size) throw new Error("overrides: bucket out of range");
      if (k > 0 && j <= (indices[k - 1] as number)) throw new Error("overrides: buckets out of order");
      this.#bits[j >>> 5] = (this.#bits[j >>> 5] as number) | (1 << (j & 31));
    }
    this.#indices = indices;
    this.#values = values;
  }

  /** Changed buckets. */
  get count(): number {
    return this.#indices.length;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.#bits.byteLength + this.#indices.byteLength + this.#values.byteLength;
  }

  /** The weight of bucket `j`: the clinic's if it changed it, else `fallback` (the base's). */
  weight(j: number, fallback: number): number {
    if (((this.#bits[j >>> 5] as number) & (1 << (j & 31))) === 0) return fallback;
    const idx = this.#indices;
    let lo = 0;
    let hi = idx.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((idx[mid] as number) < j) lo = mid + 1;
      else hi = mid;
    }
    return this.#values[lo] as number;
  }
}
