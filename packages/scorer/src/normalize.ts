/**
 * Longest text, in UTF-16 code units, that is scored. Longer input is cut
 * after markup stripping and normalisation; see {@link prepareText}.
 */
export const MAX_TEXT_CHARS = 20_000;

/** Raw input beyond this many code units is dropped before any processing. */
export const MAX_RAW_CHARS = 200_000;

const ZERO_WIDTH = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

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
 */
export function normalizeText(s: string): string {
  return s
    .normalize("NFKC")
    .replace(ZERO_WIDTH, "")
    .replace(CONTROL, " ")
    .replace(/[ \t\u00A0\u2000-\u200A\u3000]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim();
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
