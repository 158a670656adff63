import { CLASS, classBefore, classOf, LN, N, W, width } from "./char-classes.ts";
import { bareUrlEnd, schemeUrlEnd, trimmedUrlEnd } from "./url-scanner.ts";

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

// Whether the last word scanned by wordEnd holds a `.` or `,`, so pushWord can skip its split for plain words.
let wordHasDotComma = false;

/** End of the run of ASCII letters and digits at `i` (most of most words). */
function asciiAlnumRunEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length) {
    const u = s.charCodeAt(j);
    if ((u >= 0x61 && u <= 0x7a) || (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5a)) j++;
    else break;
  }
  return j;
}

/**
 * Letters/digits joined by single `-`, `'`, `’`, `.` or `,`: end of the word,
 * or -1. `s[i..scanned)` is known to be ASCII letters and digits.
 */
function wordEnd(s: string, i: number, scanned: number): number {
  if (scanned === i && !(classOf(s, i) & LN)) return -1;
  let j = scanned;
  let dotComma = false;
  for (;;) {
    while (j < s.length) {
      const u = s.charCodeAt(j);
      if ((u >= 0x61 && u <= 0x7a) || (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5a)) j++;
      else if (classOf(s, j) & LN) j += width(s, j);
      else break;
    }
    const c = s.charCodeAt(j);
    if (j + 1 < s.length && isConnector(c) && classOf(s, j + 1) & LN) {
      if (c === 0x2e || c === 0x2c) dotComma = true;
      j++;
    } else break;
  }
  wordHasDotComma = dotComma;
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
function pushWord(out: TokenSpans, s: string, from: number, to: number): void {
  if (!wordHasDotComma) {
    out.push(WORD, from, to);
    return;
  }
  let start = from;
  for (let j = from; j <= to; j++) {
    if (j < to) {
      const u = s.charCodeAt(j);
      if (u !== 0x2e && u !== 0x2c) continue;
      if (classBefore(s, j) & N && classOf(s, j + 1) & N) continue;
    }
    if (j > start) out.push(isNumber(s, start, j) ? NUM : WORD, start, j);
    start = j + 1;
  }
}

/** Token kinds as {@link TokenSpans} stores them. */
export const WORD = 0;
export const URL = 1;
export const NUM = 2;
export const MENTION = 3;
const KIND_NAMES: readonly TokenKind[] = ["word", "url", "num", "mention"];
const PLACEHOLDERS: readonly string[] = ["", URL_TOKEN, NUM_TOKEN, MENTION_TOKEN];

/**
 * The tokens of one text as spans of it, without a string or an object per
 * token: token `i` is `text.slice(start[i], end[i])` (a URL already trimmed of
 * sentence punctuation), of kind `kind[i]` ({@link WORD}, {@link URL},
 * {@link NUM} or {@link MENTION}). A word's lowercased form is that slice's
 * `toLowerCase()`. Reused by the next scan into it.
 */
export class TokenSpans {
  text = "";
  count = 0;
  kind = new Uint8Array(256);
  start = new Int32Array(256);
  end = new Int32Array(256);

  push(kind: number, start: number, end: number): void {
    if (this.count === this.kind.length) this.grow();
    this.kind[this.count] = kind;
    this.start[this.count] = start;
    this.end[this.count++] = end;
  }

  private grow(): void {
    const n = 2 * this.kind.length;
    const kind = new Uint8Array(n);
    const start = new Int32Array(n);
    const end = new Int32Array(n);
    kind.set(this.kind);
    start.set(this.start);
    end.set(this.end);
    this.kind = kind;
    this.start = start;
    this.end = end;
  }
}

/** {@link scanTokens} as objects, each with its own strings. */
export function tokenize(text: string): Token[] {
  const spans = scanTokens(text);
  const out: Token[] = [];
  for (let i = 0; i < spans.count; i++) {
    const kind = spans.kind[i] as number;
    const raw = text.slice(spans.start[i], spans.end[i]);
    out.push({
      kind: KIND_NAMES[kind] as TokenKind,
      raw,
      norm: kind === WORD ? raw.toLowerCase() : (PLACEHOLDERS[kind] as string),
    });
  }
  return out;
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
export function scanTokens(text: string, out: TokenSpans = new TokenSpans()): TokenSpans {
  out.text = text;
  out.count = 0;
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
    const scanned = asciiAlnumRunEnd(text, i);
    let end = schemeUrlEnd(text, i);
    if (end < 0 && mayBeBareUrl(text, i, scanned)) end = bareUrlEnd(text, i, scanned);
    if (end > 0) {
      out.push(URL, i, trimmedUrlEnd(text, i, end));
      i = end;
      continue;
    }
    end = mentionEnd(text, i);
    if (end > 0) {
      out.push(MENTION, i, end);
      i = end;
      continue;
    }
    end = wordEnd(text, i, scanned);
    if (end > 0) {
      if (isNumber(text, i, end)) out.push(NUM, i, end);
      else pushWord(out, text, i, end);
      i = end;
      continue;
    }
    i += width(text, i);
  }
  return out;
}

/**
 * False when `bareUrlEnd` is sure to find nothing: a run of ASCII letters and
 * digits followed by a character that neither continues a host label nor is
 * its dot (most words, so most of them skip the call).
 */
function mayBeBareUrl(s: string, i: number, scanned: number): boolean {
  if (scanned === i) return true;
  const c = s.charCodeAt(scanned);
  return c === 0x2e || c === 0x2d || c === 0x17f || c === 0x212a;
}
