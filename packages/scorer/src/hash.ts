const FNV_PRIME = 16777619;

/** Final avalanche of murmur3, so that the low bits used as bucket are well mixed. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a state after feeding the UTF-16 code units of `s` to `state` (not yet mixed). */
export function fnvUpdate(state: number, s: string): number {
  let h = state;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

/** FNV-1a over UTF-16 code units from `seed`, then mixed. */
export function hashString(s: string, seed: number): number {
  return fmix32(fnvUpdate(seed, s));
}

/**
 * Calls `emit(hash)` for every character n-gram of `s` with length in
 * [min, max], hashing incrementally so no substring is allocated.
 */
export function forEachCharNgramHash(
  s: string,
  min: number,
  max: number,
  seed: number,
  emit: (h: number) => void,
): void {
  const len = s.length;
  for (let i = 0; i + min <= len; i++) {
    let h = seed;
    const end = Math.min(len, i + max);
    for (let j = i; j < end; j++) {
      h ^= s.charCodeAt(j);
      h = Math.imul(h, FNV_PRIME);
      if (j - i + 1 >= min) emit(fmix32(h));
    }
  }
}
