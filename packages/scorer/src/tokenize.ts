import { CLASS, classBefore, classOf, LN, N, W, width } from "./char-classes.ts";
import { bareUrlEnd, schemeUrlEnd, trimUrl } from "./url-scanner.ts";

/** Kind of a token; URLs, numbers and @mentions are replaced by placeholders. */
export type TokenKind = "word" | "url" | "num" | "mention";

export interface Token {
  kind: TokenKind;
  /** As written (after normalisation), capitals kept. */
  raw: string;
  /** Lowercased form, or the placeholder for url/num/mention. */
  norm: string;
}

export const URL_TOKEN = "_url_";
export const NUM_TOKEN = "_num_";
export const MENTION_TOKEN = "_akun_";

/** `@` followed by letters, digits or `_`: end of the mention, or -1. */
function mentionEnd(s: string, i: number): number {
  if (s.charCodeAt(i) !== 0x40) return -1;
  let j = i + 1;
  while (j < s.length) {
    if (s.charCodeAt(j) === 0x5f) j++;
    else if (classOf(s, j) & LN) j += width(s, j);
    else break;
  }
  return j > i + 1 ? j : -1;
}

const isConnector = (u: number): boolean => u === 0x2d || u === 0x27 || u === 0x2019 || u === 0x2e || u === 0x2c;

// Facts about the last word scanned by wordEnd, so pushWord can skip work for plain words.
let wordHasDotComma = false;
let wordIsLower = false;

/** End of the run of lowercase ASCII letters and digits at `i` (most of most words). */
function lowerAsciiRunEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length) {
    const u = s.charCodeAt(j);
    if ((u >= 0x61 && u <= 0x7a) || (u >= 0x30 && u <= 0x39)) j++;
    else break;
  }
  return j;
}

/**
 * Letters/digits joined by single `-`, `'`, `’`, `.` or `,`: end of the word,
 * or -1. `s[i..scanned)` is known to be lowercase ASCII letters and digits.
 */
function wordEnd(s: string, i: number, scanned: number): number {
  if (scanned === i && !(classOf(s, i) & LN)) return -1;
  let j = scanned;
  let dotComma = false;
  let lower = true;
  for (;;) {
    while (j < s.length) {
      const u = s.charCodeAt(j);
      if ((u >= 0x61 && u <= 0x7a) || (u >= 0x30 && u <= 0x39)) j++;
      else if (classOf(s, j) & LN) {
        lower = false; // capitals or non-ASCII: lowercased with toLowerCase
        j += width(s, j);
      } else break;
    }
    const c = s.charCodeAt(j);
    if (j + 1 < s.length && isConnector(c) && classOf(s, j + 1) & LN) {
      if (c === 0x2e || c === 0x2c) dotComma = true;
      j++;
    } else break;
  }
  wordHasDotComma = dotComma;
  wordIsLower = lower;
  return j;
}

/** True when `s[from..to)` is digits joined by single `.`, `,`, `'`, `’` or `-`. */
function isNumber(s: string, from: number, to: number): boolean {
  let prevDigit = false;
  for (let j = from; j < to; ) {
    if (classOf(s, j) & N) prevDigit = true;
    else if (prevDigit && isConnector(s.charCodeAt(j)) && j + 1 < to) prevDigit = false;
    else return false;
    j += width(s, j);
  }
  return prevDigit;
}

/** Pushes the word `s[from..to)` just scanned by wordEnd, split at `.`/`,` unless both neighbours are digits. */
function pushWord(out: Token[], s: string, from: number, to: number): void {
  if (!wordHasDotComma) {
    const raw = s.slice(from, to);
    out.push({ kind: "word", raw, norm: wordIsLower ? raw : raw.toLowerCase() });
    return;
  }
  let start = from;
  for (let j = from; j <= to; j++) {
    if (j < to) {
      const u = s.charCodeAt(j);
      if (u !== 0x2e && u !== 0x2c) continue;
      if (classBefore(s, j) & N && classOf(s, j + 1) & N) continue;
    }
    if (j > start) {
      const raw = s.slice(start, j);
      if (isNumber(s, start, j)) out.push({ kind: "num", raw, norm: NUM_TOKEN });
      else out.push({ kind: "word", raw, norm: raw.toLowerCase() });
    }
    start = j + 1;
  }
}

/**
 * Splits normalised text into tokens in one pass over its characters. URLs
 * (with or without scheme, e.g. `bit.ly/x`), @mentions and pure numbers
 * (`2.000`, `19`) become placeholders; words keep inner hyphens and digits, so
 * `COVID-19` becomes `covid-19`. Dots and commas inside a word split it
 * (`kata.Lalu` → `kata`, `lalu`) unless both sides are digits.
 *
 * Hand-written for speed; it gives exactly the tokens of the regular
 * expression it replaced (kept as the reference in `tokenize.test.ts`,
 * which compares the two): at each position a URL is tried first, then a
 * mention, then a word.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const len = text.length;
  let i = 0;
  while (i < len) {
    const u = text.charCodeAt(i);
    // Spaces and ASCII punctuation other than `@` and `_` start nothing.
    if (u < 0x80 && !((CLASS[u] as number) & (LN | W)) && u !== 0x40) {
      i++;
      continue;
    }
    // Scanned once here, the plain start of a word serves both the bare-URL and the word scan.
    const scanned = lowerAsciiRunEnd(text, i);
    let end = schemeUrlEnd(text, i);
    if (end < 0) end = bareUrlEnd(text, i, scanned);
    if (end > 0) {
      out.push({ kind: "url", raw: trimUrl(text.slice(i, end)), norm: URL_TOKEN });
      i = end;
      continue;
    }
    end = mentionEnd(text, i);
    if (end > 0) {
      out.push({ kind: "mention", raw: text.slice(i, end), norm: MENTION_TOKEN });
      i = end;
      continue;
    }
    end = wordEnd(text, i, scanned);
    if (end > 0) {
      if (isNumber(text, i, end)) out.push({ kind: "num", raw: text.slice(i, end), norm: NUM_TOKEN });
      else pushWord(out, text, i, end);
      i = end;
      continue;
    }
    i += width(text, i);
  }
  return out;
}
