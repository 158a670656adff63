import { CLASS, SPACE, URLX, W } from "./char-classes.ts";

/** Top-level domains recognised in bare host names such as `bit.ly/x` or `kompas.com`. */
const SHORT_TLDS = new Set(
  "com|id|net|org|info|ly|co|me|io|gl|tk|xyz|site|online|int|gov|link|click|top|biz|news|in|cc|ws|to|us".split("|"),
);

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
export function schemeUrlEnd(s: string, i: number): number {
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
 * Returns the end, or -1. `scanned`: the caller already knows `s[i..scanned)`
 * is ASCII letters and digits (so it is scanned once for both the
 * URL and the word).
 */
export function bareUrlEnd(s: string, i: number, scanned: number = i): number {
  if (isW(s, i - 1) || foldAlnum(s.charCodeAt(i)) < 0) return -1; // \b, then [a-z0-9]
  let j = scanned; // s[i..scanned) is already known to be [A-Za-z0-9], all label characters
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

/** End of the URL `s[from..to)` without its trailing punctuation, which ends a sentence rather than a URL. */
export function trimmedUrlEnd(s: string, from: number, to: number): number {
  let end = to;
  while (end > from && ".,;:!?)]}'\"\u2019".includes(s[end - 1] as string)) end--;
  return end;
}

/** Host name of a URL token (lowercased, without `www.`), or "" if none. */
export function urlHost(url: string): string {
  const m = /^(?:https?:\/\/)?([^/?#:\s]+)/i.exec(url);
  return m?.[1] ? m[1].toLowerCase().replace(/^www\./, "") : "";
}
