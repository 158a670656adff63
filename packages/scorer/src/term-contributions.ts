import type { BucketKeys, ProvenanceLog } from "./feature-provenance.ts";

/** Weight of each reason code, and its code built on demand (only returned reasons need one). */
export interface TermContributions {
  weights: number[];
  code: (e: number) => string;
}

/**
 * What {@link createTermContributions} computes, from codes kept per bucket:
 * a bucket with one code gives it its whole contribution; a bucket where
 * codes collided is split by occurrences. The weights are appended to
 * `after` (the caller's other candidates, which keep their places): `code(e)`
 * names the e-th appended one.
 */
export function bucketContributions(
  indices: Int32Array,
  contribAt: Float64Array,
  keys: BucketKeys,
  a: number,
  signalBase: number,
  after: number[] = [],
): TermContributions {
  const weights = after;
  if (keys.collisions.size === 0) {
    // No bucket holds two codes (most texts at 2^18 buckets): the e-th weight is entry e's.
    let n = 0;
    while (n < indices.length && (indices[n] as number) < signalBase && keys.has(n)) {
      weights.push((contribAt[n] as number) * a);
      n++;
    }
    if (n === indices.length || (indices[n] as number) >= signalBase) return { weights, code: (e) => keys.code(e) };
    weights.length -= n; // an entry without a code: take the general way
  }
  const codes: (string | number)[] = []; // an entry of `keys`, or the code itself for split entries
  for (let k = 0; k < indices.length; k++) {
    // Entry k of the word block is indices[k]; signals follow it.
    if ((indices[k] as number) >= signalBase || !keys.has(k)) continue;
    const c = (contribAt[k] as number) * a;
    const split = keys.collisions.get(k);
    if (split === undefined) {
      weights.push(c);
      codes.push(k);
      continue;
    }
    const counts = new Map<string, number>([[keys.code(k), split.firstCount]]);
    split.heads.forEach((h, i) => {
      const code = keys.codeOf(h, split.tails[i] as number);
      counts.set(code, (counts.get(code) ?? 0) + 1);
    });
    const total = split.firstCount + split.heads.length;
    for (const [code, n] of counts) {
      weights.push((c * n) / total);
      codes.push(code);
    }
  }
  return {
    weights,
    code: (e) => (typeof codes[e] === "number" ? keys.code(codes[e] as number) : (codes[e] as string)),
  };
}

/**
 * Contribution of each reason code (term, phrase, domain) to the calibrated
 * log-odds: each bucket's contribution is split evenly among the occurrences
 * that hashed to it, then summed per code. Codes are built only for the
 * reasons returned; without char n-grams a code lives in one bucket, so
 * occurrences are grouped per bucket.
 */
export function createTermContributions(
  size: number,
): (prov: ProvenanceLog, bucketContrib: Float64Array, a: number) => TermContributions {
  // Scratch over buckets, reset after every call (scoring is synchronous).
  const seen = new Uint32Array(size);
  const entryOf = new Int32Array(size).fill(-1);
  return (prov: ProvenanceLog, bucketContrib: Float64Array, a: number): TermContributions => {
    const { buckets, heads, tails } = prov;
    for (const bk of buckets) seen[bk] = (seen[bk] as number) + 1;
    const occ: number[] = []; // first occurrence of each entry
    const weights: number[] = [];
    const next: number[] = []; // next entry in the same bucket (hash collisions)
    for (let i = 0; i < buckets.length; i++) {
      const bk = buckets[i] as number;
      const head = heads[i];
      const tail = tails[i];
      let e = entryOf[bk] as number;
      while (e >= 0 && !(heads[occ[e] as number] === head && tails[occ[e] as number] === tail)) e = next[e] as number;
      if (e < 0) {
        e = occ.length;
        occ.push(i);
        weights.push(0);
        next.push(entryOf[bk] as number);
        entryOf[bk] = e;
      }
      weights[e] = (weights[e] as number) + ((bucketContrib[bk] as number) * a) / (seen[bk] as number);
    }
    for (const bk of buckets) {
      seen[bk] = 0;
      entryOf[bk] = -1;
    }
    if (prov.charOccurrences === 0) return { weights, code: (e) => prov.key(occ[e] as number) };
    // Char n-grams spread one word's code over many buckets: merge entries by code.
    const merged = new Map<string, number>();
    occ.forEach((i, e) => {
      const k = prov.key(i);
      merged.set(k, (merged.get(k) ?? 0) + (weights[e] as number));
    });
    const mergedCodes = [...merged.keys()];
    return { weights: [...merged.values()], code: (e) => mergedCodes[e] as string };
  };
}
