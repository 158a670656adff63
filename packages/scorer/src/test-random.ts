// Test helper: seeded inputs for the property tests. Not exported from index.ts.

/** A small linear congruential generator; the property tests' inputs are defined by its sequence. */
export function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
}

/** `min + floor(rand() * spread)` pieces, each picked with `rand`, joined. */
export function randomText(rand: () => number, pieces: readonly string[], min: number, spread: number): string {
  let text = "";
  const len = min + Math.floor(rand() * spread);
  for (let k = 0; k < len; k++) text += pieces[Math.floor(rand() * pieces.length)];
  return text;
}
