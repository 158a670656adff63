import { type TokenSpans, WORD } from "./tokenize.ts";

/**
 * Share of the letters of words of 3 or more characters that stand in
 * ALL-CAPS words; 0 when there are fewer than 15 such letters.
 */
export function capsRatio(text: string, tokens: TokenSpans): number {
  let letters = 0;
  let upper = 0;
  for (let i = 0; i < tokens.count; i++) {
    const from = tokens.start[i] as number;
    const to = tokens.end[i] as number;
    if (tokens.kind[i] !== WORD || to - from < 3) continue;
    letters += to - from;
    if (isAllCaps(text, from, to)) upper += to - from;
  }
  return letters >= 15 ? upper / letters : 0;
}

/** True when the word `s[from..to)` has capitals and no lowercase letter (lowercasing changes it, uppercasing does not). */
function isAllCaps(s: string, from: number, to: number): boolean {
  let capitals = false;
  for (let k = from; k < to; k++) {
    const u = s.charCodeAt(k);
    if (u >= 0x80) {
      const raw = s.slice(from, to);
      return raw !== raw.toLowerCase() && raw === raw.toUpperCase();
    }
    if (u >= 0x61 && u <= 0x7a) return false;
    if (u >= 0x41 && u <= 0x5a) capitals = true;
  }
  return capitals;
}
