import { naturalStemmerId } from "./natural.ts";

const MAX_CACHE = 200_000;
const cache = new Map<string, string>();

/**
 * Stems one lowercased Indonesian word with natural's `StemmerId` (Sastrawi).
 * Stemming dominates featurisation time, so results are memoised in a Map
 * (cleared when it reaches 200,000 entries). Words shorter than 4 letters,
 * and words with digits, are returned unchanged.
 */
export function stemWord(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  let stem = word;
  if (word.length >= 4 && !/\p{N}/u.test(word)) {
    try {
      stem = naturalStemmerId().stem(word) || word;
    } catch {
      stem = word;
    }
  }
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(word, stem);
  return stem;
}
