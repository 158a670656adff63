import type { SparseVector } from "./feature-config.ts";

/**
 * Training documents kept for the nearest-neighbour vote: the word block of
 * each document's TF-IDF vector (unit L2 norm, so a dot product is the
 * cosine), stored sparse, one run of entries per document.
 */
export interface NeighbourSet {
  /** Neighbours that vote. */
  k: number;
  /** Label of each stored document (1 = disinformation). */
  labels: Uint8Array;
  /** Document d's entries are `[offsets[d], offsets[d + 1])`. */
  offsets: Uint32Array;
  indices: Uint32Array;
  values: Float32Array;
}

/** Outcome of one neighbour search. */
export interface NeighbourVote {
  /** Cosine-weighted vote of the k nearest, in [-1, 1]: +1 when all are disinformation. */
  vote: number;
  /** Neighbours (with cosine > 0) labelled disinformation / not. */
  positives: number;
  negatives: number;
}

/** Keeps the word-block entries (indices below `wordDims`) of the given rows. */
export function buildNeighbourSet(
  xs: readonly SparseVector[],
  ys: ArrayLike<number>,
  rows: readonly number[],
  wordDims: number,
  k: number,
): NeighbourSet {
  const offsets = new Uint32Array(rows.length + 1);
  let total = 0;
  rows.forEach((r, d) => {
    const x = xs[r] as SparseVector;
    for (const i of x.indices) if (i < wordDims) total++;
    offsets[d + 1] = total;
  });
  const indices = new Uint32Array(total);
  const values = new Float32Array(total);
  let n = 0;
  for (const r of rows) {
    const x = xs[r] as SparseVector;
    for (let j = 0; j < x.indices.length; j++) {
      if ((x.indices[j] as number) >= wordDims) continue;
      indices[n] = x.indices[j] as number;
      values[n++] = x.values[j] as number;
    }
  }
  return { k, labels: Uint8Array.from(rows, (r) => (ys[r] === 1 ? 1 : 0)), offsets, indices, values };
}

/**
 * Finds the k most similar stored documents through an inverted index over
 * buckets, so a query touches only the documents that share a term with it.
 */
export function createNeighbourSearch(set: NeighbourSet, wordDims: number): (x: SparseVector) => NeighbourVote {
  const docs = set.labels.length;
  // Postings: for each bucket, the documents holding it and their weights.
  const start = new Uint32Array(wordDims + 1);
  for (const i of set.indices) start[i + 1] = (start[i + 1] as number) + 1;
  for (let b = 0; b < wordDims; b++) start[b + 1] = (start[b + 1] as number) + (start[b] as number);
  const fill = start.slice(0, wordDims);
  const postDoc = new Uint32Array(set.indices.length);
  const postVal = new Float32Array(set.indices.length);
  for (let d = 0; d < docs; d++) {
    for (let j = set.offsets[d] as number; j < (set.offsets[d + 1] as number); j++) {
      const b = set.indices[j] as number;
      const at = fill[b] as number;
      postDoc[at] = d;
      postVal[at] = set.values[j] as number;
      fill[b] = at + 1;
    }
  }
  const sims = new Float64Array(docs);
  const touched: number[] = [];
  const k = set.k;
  const topDoc = new Int32Array(k);
  const topSim = new Float64Array(k);
  return (x) => {
    for (let j = 0; j < x.indices.length; j++) {
      const b = x.indices[j] as number;
      if (b >= wordDims) continue;
      const v = x.values[j] as number;
      for (let p = start[b] as number; p < (start[b + 1] as number); p++) {
        const d = postDoc[p] as number;
        if (sims[d] === 0) touched.push(d);
        sims[d] = (sims[d] as number) + v * (postVal[p] as number);
      }
    }
    // Top k by similarity; ties go to the earlier document.
    let n = 0;
    for (const d of touched) {
      const s = sims[d] as number;
      sims[d] = 0;
      if (!(s > 0) || (n === k && s <= (topSim[k - 1] as number))) continue;
      let at = n < k ? n++ : k - 1;
      while (at > 0 && ((topSim[at - 1] as number) < s || (topSim[at - 1] === s && (topDoc[at - 1] as number) > d))) {
        topSim[at] = topSim[at - 1] as number;
        topDoc[at] = topDoc[at - 1] as number;
        at--;
      }
      topSim[at] = s;
      topDoc[at] = d;
    }
    touched.length = 0;
    let num = 0;
    let den = 0;
    let positives = 0;
    for (let i = 0; i < n; i++) {
      const s = topSim[i] as number;
      const pos = set.labels[topDoc[i] as number] === 1;
      num += pos ? s : -s;
      den += s;
      if (pos) positives++;
    }
    return { vote: den > 0 ? num / den : 0, positives, negatives: n - positives };
  };
}
