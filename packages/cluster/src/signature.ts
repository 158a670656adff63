import { normalizeTokens } from "./normalize.ts";
import { DEFAULT_SHINGLES, type ShingleOptions, fmix32, shingleHashes } from "./shingle.ts";

/** Number of MinHash functions in a signature. */
export const NUM_HASHES = 128;

/**
 * A MinHash signature. `hashes` holds NUM_HASHES minima, each cut to 16 bits
 * (b-bit MinHash): the chance of two different minima agreeing by accident is
 * 1/65536, which halves storage at no measurable cost in accuracy.
 */
export interface Signature {
  hashes: Uint32Array;
  /** content words after normalisation (boilerplate, links and emojis excluded) */
  words: number;
  /** distinct shingles the signature was built from */
  shingles: number;
}

const SEEDS = makeSeeds(NUM_HASHES);

function makeSeeds(n: number): Uint32Array {
  const seeds = new Uint32Array(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    x = fmix32(x + 0x9e3779b9);
    seeds[i] = x;
  }
  return seeds;
}

/** MinHash signature of a message's normalised text. */
export function signature(text: string): Signature {
  return signatureOfTokens(normalizeTokens(text));
}

/** Signature of already-normalised tokens, with explicit shingling (for tuning). */
export function signatureOfTokens(tokens: readonly string[], opts: ShingleOptions = DEFAULT_SHINGLES): Signature {
  const shingles = shingleHashes(tokens, opts);
  const mins = new Uint32Array(NUM_HASHES).fill(0xffffffff);
  for (let s = 0; s < shingles.length; s++) {
    const x = shingles[s] as number;
    for (let i = 0; i < NUM_HASHES; i++) {
      let h = x ^ (SEEDS[i] as number);
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      h = (h ^ (h >>> 16)) >>> 0;
      if (h < (mins[i] as number)) mins[i] = h;
    }
  }
  const hashes = new Uint32Array(NUM_HASHES);
  if (shingles.length > 0) for (let i = 0; i < NUM_HASHES; i++) hashes[i] = (mins[i] as number) >>> 16;
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
const VERSION = 1;

/** Packs a signature into 8 + 2·NUM_HASHES bytes (264) for a database column. */
export function serializeSignature(sig: Signature): Buffer {
  const buf = Buffer.alloc(HEADER_BYTES + 2 * sig.hashes.length);
  buf.writeUInt8(VERSION, 0);
  buf.writeUInt8(sig.hashes.length / 8, 1);
  buf.writeUInt16LE(Math.min(sig.words, 0xffff), 2);
  buf.writeUInt32LE(sig.shingles, 4);
  for (let i = 0; i < sig.hashes.length; i++) buf.writeUInt16LE((sig.hashes[i] as number) & 0xffff, HEADER_BYTES + 2 * i);
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
