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

/** Top-level domains recognised in bare host names such as `bit.ly/x` or `kompas.com`. */
const SHORT_TLDS = new Set(
  "com|id|net|org|info|ly|co|me|io|gl|tk|xyz|site|online|int|gov|link|click|top|biz|news|in|cc|ws|to|us".split("|"),
);

// Character classes, one byte per BMP code unit, built once:
//   LN    \p{L} or \p{N}             (word characters)
//   N     \p{N}                      (digits of numbers)
//   SPACE \s                         (ends a URL)
//   URLX  < > " ' “ ”                (also end a URL)
//   W     \w as a case-insensitive Unicode regex sees it (ASCII \w plus ſ and K): the `\b` of host names
const LN = 1;
const N = 2;
const SPACE = 4;
const URLX = 8;
const W = 16;
const CLASS = buildClasses();

function buildClasses(): Uint8Array {
  const c = new Uint8Array(0x10000);
  const ln = /[\p{L}\p{N}]/u;
  const n = /\p{N}/u;
  const s = /\s/u;
  const w = /\w/iu;
  for (let i = 0; i < 0x10000; i++) {
    if (i >= 0xd800 && i <= 0xdfff) continue; // surrogates: classified by code point in classOf
    const ch = String.fromCharCode(i);
    c[i] = (ln.test(ch) ? LN : 0) | (n.test(ch) ? N : 0) | (s.test(ch) ? SPACE : 0) | (w.test(ch) ? W : 0);
  }
  for (const ch of "<>\"'\u201C\u201D") c[ch.charCodeAt(0)] = (c[ch.charCodeAt(0)] as number) | URLX;
  return c;
}

const astralClass = new Map<number, number>();
/** Class bits of the code point at `i` (an astral letter or digit counts as one character). */
function classOf(s: string, i: number): number {
  const u = s.charCodeAt(i);
  if (u < 0xd800 || u > 0xdbff) return CLASS[u] as number;
  const cp = s.codePointAt(i) as number;
  if (cp === u) return 0; // lone surrogate
  let c = astralClass.get(cp);
  if (c === undefined) {
    const ch = String.fromCodePoint(cp);
    c = (/[\p{L}\p{N}]/u.test(ch) ? LN : 0) | (/\p{N}/u.test(ch) ? N : 0);
    astralClass.set(cp, c);
  }
  return c;
}

/** Code units taken by the code point at `i`. */
function width(s: string, i: number): number {
  const u = s.charCodeAt(i);
  return u >= 0xd800 && u <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
}

/** Class bits of the code point that ends just before `i` (0 at the start). */
function classBefore(s: string, i: number): number {
  if (i === 0) return 0;
  const lo = s.charCodeAt(i - 1);
  if ((lo & 0xfc00) === 0xdc00 && i >= 2 && (s.charCodeAt(i - 2) & 0xfc00) === 0xd800) return classOf(s, i - 2);
  return CLASS[lo] as number;
}

/** ASCII letter or digit as a case-insensitive `[a-z0-9]` sees it, folded to lowercase; -1 otherwise. */
function foldAlnum(u: number): number {
  if ((u >= 0x61 && u <= 0x7a) || (u >= 0x30 && u <= 0x39)) return u;
  if (u >= 0x41 && u <= 0x5a) return u + 32;
  if (u === 0x17f) return 0x73; // ſ folds to s
  if (u === 0x212a) return 0x6b; // Kelvin sign folds to k
  return -1;
}

const isW = (s: string, i: number): boolean => i >= 0 && i < s.length && ((CLASS[s.charCodeAt(i)] as number) & W) !== 0;
const isLabelChar = (u: number): boolean => foldAlnum(u) >= 0 || u === 0x2d;

/** Case-insensitive match of an ASCII lowercase literal (letters and `.`) at `i`. */
function hasLiteral(s: string, i: number, lit: string): boolean {
  if (i + lit.length > s.length) return false;
  for (let k = 0; k < lit.length; k++) {
    const u = s.charCodeAt(i + k);
    if (u !== lit.charCodeAt(k) && foldAlnum(u) !== lit.charCodeAt(k)) return false;
  }
  return true;
}

/** End of the run of URL characters (not space, not <>"'“”) starting at `i`. */
function urlRunEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && ((CLASS[s.charCodeAt(j)] as number) & (SPACE | URLX)) === 0) j++;
  return j;
}

/** `http://`, `https://` or `www.` followed by at least one URL character: end of the URL, or -1. */
function schemeUrlEnd(s: string, i: number): number {
  const first = s.charCodeAt(i) | 0x20;
  if (first !== 0x77 && first !== 0x68) return -1; // neither w nor h
  let j = -1;
  if (hasLiteral(s, i, "www.")) j = i + 4;
  else if (hasLiteral(s, i, "http")) {
    let k = i + 4;
    if (foldAlnum(s.charCodeAt(k)) === 0x73) k++;
    if (s.charCodeAt(k) === 0x3a && s.charCodeAt(k + 1) === 0x2f && s.charCodeAt(k + 2) === 0x2f) j = k + 3;
  }
  if (j < 0) return -1;
  const end = urlRunEnd(s, j);
  return end > j ? end : -1;
}

/** Known TLD spanning exactly `s[from..to)`, compared case-insensitively. */
function isTld(s: string, from: number, to: number): boolean {
  if (to - from < 2 || to - from > 6) return false;
  let tld = "";
  for (let k = from; k < to; k++) {
    const f = foldAlnum(s.charCodeAt(k));
    if (f < 0) return false;
    tld += String.fromCharCode(f);
  }
  return SHORT_TLDS.has(tld);
}

/**
 * Bare host name at `i` (`kompas.com`, `bit.ly/abc`): one or more labels of
 * [a-z0-9-] each ending in a dot, then a known TLD ending at a word boundary,
 * then an optional `/path`. The longest run of labels that ends in a TLD wins.
 * Returns the end, or -1.
 */
function bareUrlEnd(s: string, i: number): number {
  if (isW(s, i - 1) || foldAlnum(s.charCodeAt(i)) < 0) return -1; // \b, then [a-z0-9]
  let j = i;
  while (j < s.length && isLabelChar(s.charCodeAt(j))) j++;
  if (s.charCodeAt(j) !== 0x2e) return -1; // most words: no dot after the first label
  const labelEnds: number[] = []; // index just after each label's dot
  j = i;
  while (foldAlnum(s.charCodeAt(j)) >= 0) {
    let k = j + 1;
    while (k < s.length && isLabelChar(s.charCodeAt(k))) k++;
    if (s.charCodeAt(k) !== 0x2e) break;
    j = k + 1;
    labelEnds.push(j);
  }
  for (let n = labelEnds.length - 1; n >= 0; n--) {
    const start = labelEnds[n] as number;
    let end = start;
    while (isW(s, end)) end++; // the TLD must end at a word boundary
    if (!isTld(s, start, end)) continue;
    return s.charCodeAt(end) === 0x2f ? urlRunEnd(s, end + 1) : end;
  }
  return -1;
}

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

/** Letters/digits joined by single `-`, `'`, `’`, `.` or `,`: end of the word, or -1. */
function wordEnd(s: string, i: number): number {
  if (!(classOf(s, i) & LN)) return -1;
  let j = i;
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

/** Trailing punctuation that ends a sentence rather than a URL. */
function trimUrl(u: string): string {
  let end = u.length;
  while (end > 0 && ".,;:!?)]}'\"\u2019".includes(u[end - 1] as string)) end--;
  return end === u.length ? u : u.slice(0, end);
}

/**
 * Splits normalised text into tokens in one pass over its characters. URLs
 * (with or without scheme, e.g. `bit.ly/x`), @mentions and pure numbers
 * (`2.000`, `19`) become placeholders; words keep inner hyphens and digits, so
 * `COVID-19` becomes `covid-19`. Dots and commas inside a word split it
 * (`kata.Lalu` → `kata`, `lalu`) unless both sides are digits.
 *
 * Hand-written for speed; it gives exactly the tokens of the regular
 * expression it replaced (kept in `tokenize.reference.ts`, compared by
 * `tokenize.test.ts`): at each position a URL is tried first, then a mention,
 * then a word.
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
    let end = schemeUrlEnd(text, i);
    if (end < 0) end = bareUrlEnd(text, i);
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
    end = wordEnd(text, i);
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

/** Host name of a URL token (lowercased, without `www.`), or "" if none. */
export function urlHost(url: string): string {
  const m = /^(?:https?:\/\/)?([^/?#:\s]+)/i.exec(url);
  return m?.[1] ? m[1].toLowerCase().replace(/^www\./, "") : "";
}
