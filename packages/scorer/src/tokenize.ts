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

const SHORT_TLDS = "com|id|net|org|info|ly|co|me|io|gl|tk|xyz|site|online|int|gov|link|click|top|biz|news|in|cc|ws|to|us";
const URL_SOURCE = String.raw`(?:https?:\/\/|www\.)[^\s<>"'\u201C\u201D]+|\b(?:[a-z0-9][a-z0-9-]*\.)+(?:${SHORT_TLDS})\b(?:\/[^\s<>"'\u201C\u201D]*)?`;
const TOKEN_RE = new RegExp(
  String.raw`(${URL_SOURCE})|(@[\p{L}\p{N}_]+)|([\p{L}\p{N}]+(?:[-'\u2019.,][\p{L}\p{N}]+)*)`,
  "giu",
);
const NUMBER_ONLY = /^[\p{N}]+(?:[.,'\u2019-][\p{N}]+)*$/u;

/** Trailing punctuation that ends a sentence rather than a URL. */
function trimUrl(u: string): string {
  return u.replace(/[.,;:!?)\]}'"\u2019]+$/u, "");
}

/**
 * Splits normalised text into tokens. URLs (with or without scheme, e.g.
 * `bit.ly/x`), @mentions and pure numbers (`2.000`, `19`) become placeholders;
 * words keep inner hyphens and digits, so `COVID-19` becomes `covid-19`.
 * Dots and commas inside a word split it (`kata.Lalu` → `kata`, `lalu`) unless
 * both sides are digits.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    if (m[1] !== undefined) {
      out.push({ kind: "url", raw: trimUrl(m[1]), norm: URL_TOKEN });
    } else if (m[2] !== undefined) {
      out.push({ kind: "mention", raw: m[2], norm: MENTION_TOKEN });
    } else if (m[3] !== undefined) {
      pushWord(out, m[3]);
    }
  }
  return out;
}

function pushWord(out: Token[], raw: string): void {
  if (NUMBER_ONLY.test(raw)) {
    out.push({ kind: "num", raw, norm: NUM_TOKEN });
    return;
  }
  // "kata.Lalu" or "a,b": split on . and , that are not between digits.
  const parts = raw.split(/(?<!\p{N})[.,]|[.,](?!\p{N})/u);
  for (const p of parts) {
    if (p === "") continue;
    if (NUMBER_ONLY.test(p)) out.push({ kind: "num", raw: p, norm: NUM_TOKEN });
    else out.push({ kind: "word", raw: p, norm: p.toLowerCase() });
  }
}

/** Host name of a URL token (lowercased, without `www.`), or "" if none. */
export function urlHost(url: string): string {
  const m = /^(?:https?:\/\/)?([^/?#:\s]+)/i.exec(url);
  return m?.[1] ? m[1].toLowerCase().replace(/^www\./, "") : "";
}
