/**
 * Longest text, in UTF-16 code units, that is scored. Longer input is cut
 * after markup stripping and normalisation; see {@link prepareText}.
 */
export const MAX_TEXT_CHARS = 20_000;

/** Raw input beyond this many code units is dropped before any processing. */
export const MAX_RAW_CHARS = 200_000;

/** What normalisation does with a code unit: keep it, drop it, or treat it as a space. */
const KEEP = 0;
const ZERO_WIDTH = 1; // soft hyphen, zero-width and bidi controls, BOM: removed
const HORIZONTAL = 2; // spaces, tabs, no-break and typographic spaces, control characters: runs become one space
const VERTICAL = 3; // line breaks and the other \s characters: a run of whitespace with a \n becomes one \n

const KIND = (() => {
  const k = new Uint8Array(0x10000);
  const mark = (from: number, to: number, kind: number) => k.fill(kind, from, to + 1);
  for (const c of [0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x0a, 0x0d]) k[c] = VERTICAL;
  mark(0x00, 0x08, HORIZONTAL);
  mark(0x0b, 0x0c, HORIZONTAL);
  mark(0x0e, 0x1f, HORIZONTAL);
  for (const c of [0x7f, 0x20, 0x09, 0xa0, 0x3000]) k[c] = HORIZONTAL;
  mark(0x2000, 0x200a, HORIZONTAL);
  for (const c of [0xad, 0x180e, 0xfeff]) k[c] = ZERO_WIDTH;
  mark(0x200b, 0x200f, ZERO_WIDTH);
  mark(0x202a, 0x202e, ZERO_WIDTH);
  mark(0x2060, 0x2064, ZERO_WIDTH);
  return k;
})();

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/** Cuts `s` to at most `max` code units without splitting a surrogate pair. */
export function cutAt(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return s.slice(0, end);
}

/** Turns HTML into its visible text: drops script/style, tags and comments, decodes common entities. */
export function stripHtml(s: string): string {
  if (!s.includes("<") && !s.includes("&")) return s;
  return s
    .replace(/<(script|style|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<\/?(?:p|div|br|li|h[1-6]|tr|td|section|article)\b[^>]*>/gi, "\n")
    .replace(/<\/?[a-zA-Z][^<>]{0,2000}>/g, " ")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === "#") {
        const cp = e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
        return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : " ";
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

/**
 * Normalises one piece of text: NFKC, zero-width and control characters
 * removed, whitespace collapsed. Case is kept (capitals are a signal).
 *
 * One pass over the code units: zero-width characters are dropped, runs of
 * spaces, tabs and control characters become one space, and a run of
 * whitespace that holds a line break becomes one `\n`; then the ends are
 * trimmed. A single space between two words is copied as it is.
 */
export function normalizeText(s: string): string {
  const t = s.normalize("NFKC");
  let out = "";
  let copied = 0;
  let i = 0;
  while (i < t.length) {
    if (KIND[t.charCodeAt(i)] === KEEP) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < t.length && KIND[t.charCodeAt(j)] !== KEEP) j++;
    if (j === i + 1 && t.charCodeAt(i) === 0x20) {
      i = j;
      continue;
    }
    out += t.slice(copied, i) + whitespaceRun(t, i, j);
    copied = j;
    i = j;
  }
  return (copied === 0 ? t : out + t.slice(copied)).trim();
}

/** Replacement of the whitespace/zero-width run `t[from..to)`. */
function whitespaceRun(t: string, from: number, to: number): string {
  let run = "";
  let lastHorizontal = false;
  for (let k = from; k < to; k++) {
    const c = t.charCodeAt(k);
    if (c === 0x0a) return "\n";
    const kind = KIND[c];
    if (kind === HORIZONTAL) {
      if (!lastHorizontal) run += " ";
      lastHorizontal = true;
    } else if (kind === VERTICAL) {
      run += t[k];
      lastHorizontal = false;
    }
  }
  return run;
}

/**
 * Builds the text that is scored from a title and a body.
 *
 * Truncation rule: title and body are joined by a blank line; the joined raw
 * string is cut to its first {@link MAX_RAW_CHARS} (200,000) code units, HTML
 * markup is stripped, the text is normalised, and the result is cut to its
 * first {@link MAX_TEXT_CHARS} (20,000) code units. Everything after that is
 * ignored, so a 1 MB post costs the same as a 20 kB one.
 */
export function prepareText(text: string, title?: string | null): string {
  const joined = title ? `${title}\n\n${text}` : text;
  const raw = cutAt(joined, MAX_RAW_CHARS);
  return cutAt(normalizeText(stripHtml(raw)), MAX_TEXT_CHARS);
}
