/** How a token list is cut into shingles; the defaults are the tuned ones. */
export interface ShingleOptions {
  /** word n-gram length; 0 turns word shingles off */
  wordN: number;
  /** character n-gram length over the space-joined tokens; 0 turns them off */
  charN: number;
}

export const DEFAULT_SHINGLES: ShingleOptions = { wordN: 0, charN: 5 };

/** FNV-1a over UTF-16 code units of `s[start, end)`, finalised with murmur3 fmix. */
export function hashString(s: string, start = 0, end = s.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return fmix32(h);
}

export function fmix32(x: number): number {
  let h = x;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * 32-bit shingle hashes of a token list, repeats included (MinHash ignores
 * them). Shingles are treated as a set, so reordered sentences only lose the
 * shingles that straddle a sentence join.
 */
export function shingleHashes(tokens: readonly string[], opts: ShingleOptions = DEFAULT_SHINGLES): number[] {
  const out: number[] = [];
  if (opts.wordN > 0) addWordShingles(tokens, opts.wordN, out);
  if (opts.charN > 0) addCharShingles(tokens.join(" "), opts.charN, out);
  return out;
}

function addWordShingles(tokens: readonly string[], n: number, out: number[]): void {
  const hashes = tokens.map((t) => hashString(t));
  if (hashes.length < n) {
    if (hashes.length > 0) out.push(combine(hashes, 0, hashes.length));
    return;
  }
  for (let i = 0; i + n <= hashes.length; i++) out.push(combine(hashes, i, i + n));
}

function combine(hashes: readonly number[], start: number, end: number): number {
  let h = 0x9e3779b9;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (hashes[i] ?? 0), 0x01000193) + 0x7f4a7c15;
  return fmix32(h);
}

function addCharShingles(text: string, n: number, out: number[]): void {
  if (text.length === 0) return;
  if (text.length <= n) {
    out.push(hashString(text));
    return;
  }
  for (let i = 0; i + n <= text.length; i++) out.push(hashString(text, i, i + n));
}
