import { normalizeTokens } from "./normalize.ts";
import { DEFAULT_SHINGLES, fmix32, type ShingleOptions, shingleHashes } from "./shingle.ts";

/** Number of MinHash functions in a signature. */
export const NUM_HASHES = 128;

/**
 * A MinHash signature built by one-permutation hashing: each shingle hash
 * falls into one of NUM_HASHES bins by its top bits, each bin keeps its
 * smallest shingle, and empty bins borrow from a pseudo-randomly chosen full
 * bin ("optimal densification", Shrivastava 2017). One hash per shingle
 * instead of NUM_HASHES keeps signing a message in the tens of microseconds.
 * `hashes` holds a 16-bit fingerprint of each bin's minimum (b-bit MinHash):
 * two different minima agree by accident with chance 1/65536, which halves
 * storage at no measurable cost in accuracy.
 */
export interface Signature {
  hashes: Uint32Array;
  /** content words after normalisation (boilerplate, links and emojis excluded) */
  words: number;
  /** shingles the signature was built from (0 for a text with no content) */
  shingles: number;
}

const BIN_SHIFT = 32 - Math.log2(NUM_HASHES);
const RANK_MASK = (1 << BIN_SHIFT) - 1;

/** MinHash signature of a message's normalised text. */
export function signature(text: string): Signature {
  return signatureOfTokens(normalizeTokens(text));
}

/** Signature of already-normalised tokens, with explicit shingling (for tuning). */
export function signatureOfTokens(tokens: readonly string[], opts: ShingleOptions = DEFAULT_SHINGLES): Signature {
  const shingles = shingleHashes(tokens, opts);
  const ranks = new Int32Array(NUM_HASHES).fill(-1);
  const mins = new Uint32Array(NUM_HASHES);
  for (let s = 0; s < shingles.length; s++) {
    const x = shingles[s] as number;
    const bin = x >>> BIN_SHIFT;
    const rank = x & RANK_MASK;
    const best = ranks[bin] as number;
    if (best === -1 || rank < best) {
      ranks[bin] = rank;
      mins[bin] = x;
    }
  }
  const hashes = new Uint32Array(NUM_HASHES);
  if (shingles.length === 0) return { hashes, words: tokens.length, shingles: 0 };
  for (let i = 0; i < NUM_HASHES; i++) {
    let from = i;
    for (let attempt = 1; ranks[from] === -1; attempt++)
      from = fmix32(Math.imul(i + 1, 0x9e3779b1) ^ attempt) >>> BIN_SHIFT;
    hashes[i] = fmix32((mins[from] as number) ^ 0x5bd1e995) & 0xffff;
  }
  return { hashes, words: tokens.length, shingles: shingles.length };
}

/** Estimated Jaccard similarity of the two shingle sets. */
export function estimateSimilarity(a: Signature, b: Signature): number {
  if (a.shingles === 0 || b.shingles === 0) return 0;
  let same = 0;
  for (let i = 0; i < NUM_HASHES; i++) if (a.hashes[i] === b.hashes[i]) same++;
  return same / NUM_HASHES;
}

const HEADER_BYTES = 8;
// 2: one-permutation hashing. Version-1 signatures (k independent hashes) are not comparable.
const VERSION = 2;

/** Packs a signature into 8 + 2·NUM_HASHES bytes (264) for a database column. */
export function serializeSignature(sig: Signature): Buffer {
  const buf = Buffer.alloc(HEADER_BYTES + 2 * sig.hashes.length);
  buf.writeUInt8(VERSION, 0);
  buf.writeUInt8(sig.hashes.length / 8, 1);
  buf.writeUInt16LE(Math.min(sig.words, 0xffff), 2);
  buf.writeUInt32LE(sig.shingles, 4);
  for (let i = 0; i < sig.hashes.length; i++)
    buf.writeUInt16LE((sig.hashes[i] as number) & 0xffff, HEADER_BYTES + 2 * i);
  return buf;
}

/** Inverse of serializeSignature; throws on a buffer it did not produce. */
export function deserializeSignature(buf: Uint8Array): Signature {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.byteLength < HEADER_BYTES || view.getUint8(0) !== VERSION) {
    throw new Error("deserializeSignature: unknown signature format");
  }
  const n = view.getUint8(1) * 8;
  if (n !== NUM_HASHES || buf.byteLength !== HEADER_BYTES + 2 * n) {
    throw new Error(`deserializeSignature: expected ${NUM_HASHES} hashes`);
  }
  const hashes = new Uint32Array(n);
  for (let i = 0; i < n; i++) hashes[i] = view.getUint16(HEADER_BYTES + 2 * i, true);
  return { hashes, words: view.getUint16(2, true), shingles: view.getUint32(4, true) };
}
