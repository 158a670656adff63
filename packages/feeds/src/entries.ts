import { truncate } from "@klinik/core";
import { htmlToText } from "./html-text.ts";
import type { FeedEntry } from "./types.ts";

export const MAX_TITLE_CHARS = 1_000;
export const MAX_TEXT_CHARS = 100_000;
export const MAX_FIELD_CHARS = 2_000;
export const DEFAULT_MAX_ENTRIES = 1_000;
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/** An entry as a parser found it: every field untrusted and possibly not a string. */
export interface RawEntry {
  guid: unknown;
  url: unknown;
  title: unknown;
  /** HTML (or plain text) candidates for the body, best first. */
  bodies: unknown[];
  author: unknown;
  /** Date strings, best first. */
  dates: unknown[];
}

/** A parsed document before normalisation. */
export interface ParsedFeed {
  kind: "feed";
  entries: RawEntry[];
  ttlSec: number | null;
  /** Items of the document that could not be read as entries at all. */
  invalid?: number;
}

export interface NormalizeOptions {
  baseUrl: string;
  maxEntries: number;
  now?: Date;
}

function str(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

function absoluteHttpUrl(value: unknown, base: string): string | null {
  const raw = str(value);
  if (!raw) return null;
  try {
    const url = new URL(raw, base);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return truncate(url.href, MAX_FIELD_CHARS);
  } catch {
    return null;
  }
}

type DateVerdict = Date | "missing" | "garbage" | "future";

function parseDate(candidates: unknown[], now: number): DateVerdict {
  const raw = candidates.map(str).find((c): c is string => c !== null);
  if (!raw) return "missing";
  const time = Date.parse(raw);
  if (Number.isNaN(time) || time < Date.UTC(1970, 0, 1)) return "garbage";
  if (time > now + FUTURE_TOLERANCE_MS) return "future";
  return new Date(time);
}

/**
 * Turns raw parser output into `FeedEntry`s: HTML → text, fields trimmed to
 * sane sizes, unreadable or future dates → null, newest first, at most
 * `maxEntries` (`cut` says how many more there were). Problems become aggregated warnings, never exceptions.
 */
export function normalizeEntries(
  raw: RawEntry[],
  opts: NormalizeOptions,
): { entries: FeedEntry[]; warnings: string[]; cut: number } {
  const now = (opts.now ?? new Date()).getTime();
  const warnings: string[] = [];
  let garbage = 0;
  let future = 0;
  let trimmed = 0;
  const entries = raw.map((item, index) => {
    const date = parseDate(item.dates, now);
    if (date === "garbage") garbage++;
    if (date === "future") future++;
    const titleRaw = str(item.title);
    const title = titleRaw ? htmlToText(titleRaw, MAX_TITLE_CHARS + 1) : null;
    const bodyRaw = item.bodies.map(str).find((b): b is string => b !== null) ?? "";
    const text = htmlToText(bodyRaw, MAX_TEXT_CHARS + 1);
    if ((title?.length ?? 0) > MAX_TITLE_CHARS || text.length > MAX_TEXT_CHARS) trimmed++;
    const guid = str(item.guid);
    const author = str(item.author);
    const entry: FeedEntry = {
      guid: guid ? truncate(guid, MAX_FIELD_CHARS) : null,
      url: absoluteHttpUrl(item.url, opts.baseUrl),
      title: title ? truncate(title, MAX_TITLE_CHARS) : null,
      text: truncate(text, MAX_TEXT_CHARS),
      author: author ? truncate(htmlToText(author, MAX_FIELD_CHARS), MAX_FIELD_CHARS) || null : null,
      publishedAt: date instanceof Date ? date : null,
    };
    return { entry, index };
  });
  if (garbage)
    warnings.push(`${garbage} entr${garbage === 1 ? "y has" : "ies have"} an unreadable date; stored without a date.`);
  if (future)
    warnings.push(`${future} entr${future === 1 ? "y is" : "ies are"} dated in the future; stored without a date.`);
  if (trimmed) warnings.push(`${trimmed} entr${trimmed === 1 ? "y was" : "ies were"} too long and shortened.`);

  // Newest first; undated entries keep their feed order after the dated ones.
  entries.sort((a, b) => {
    const ta = a.entry.publishedAt?.getTime();
    const tb = b.entry.publishedAt?.getTime();
    if (ta !== undefined && tb !== undefined && ta !== tb) return tb - ta;
    if (ta === undefined && tb !== undefined) return 1;
    if (tb === undefined && ta !== undefined) return -1;
    return a.index - b.index;
  });
  const cut = Math.max(0, entries.length - opts.maxEntries);
  if (cut) {
    warnings.push(`The feed has ${entries.length} entries; kept the newest ${opts.maxEntries}.`);
    entries.length = opts.maxEntries;
  }
  return { entries: entries.map((e) => e.entry), warnings, cut };
}
