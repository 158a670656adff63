// Character classes, one byte per BMP code unit, built once:
//   LN    \p{L} or \p{N}             (word characters)
//   N     \p{N}                      (digits of numbers)
//   SPACE \s                         (ends a URL)
//   URLX  < > " ' “ ”                (also end a URL)
//   W     \w as a case-insensitive Unicode regex sees it (ASCII \w plus ſ and K): the `\b` of host names
export const LN = 1;
export const N = 2;
export const SPACE = 4;
export const URLX = 8;
export const W = 16;
export const CLASS = buildClasses();

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
export function classOf(s: string, i: number): number {
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
export function width(s: string, i: number): number {
  const u = s.charCodeAt(i);
  return u >= 0xd800 && u <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
}

/** Class bits of the code point that ends just before `i` (0 at the start). */
export function classBefore(s: string, i: number): number {
  if (i === 0) return 0;
  const lo = s.charCodeAt(i - 1);
  if ((lo & 0xfc00) === 0xdc00 && i >= 2 && (s.charCodeAt(i - 2) & 0xfc00) === 0xd800) return classOf(s, i - 2);
  return CLASS[lo] as number;
}
