import type { Lang } from "./i18n.ts";

const TZ_ABBR: Record<string, string> = { "Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT" };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, tz: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${lang}|${tz}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "id-ID", {
      timeZone: tz,
      day: "numeric",
      month: "short",
      year: "numeric",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** A UTC ISO timestamp in the clinic's timezone, e.g. "22 Nov 2026 15.04 WIB". */
export function formatDateTime(iso: string | null | undefined, tz: string, lang: Lang): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return `${formatter(lang, tz, true).format(d)} ${TZ_ABBR[tz] ?? tz}`;
}

export function formatDate(iso: string | null | undefined, tz: string, lang: Lang): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "—" : formatter(lang, tz, false).format(d);
}

/** Offset of `tz` from UTC at `at`, in minutes (Indonesian zones have no DST, but be general). */
function offsetMinutes(tz: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** Midnight of a `YYYY-MM-DD` day in the clinic's timezone, as a UTC ISO string. */
export function zonedDayStart(ymd: string, tz: string, plusDays = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return undefined;
  const utcMidnight = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays);
  if (Number.isNaN(utcMidnight)) return undefined;
  const off = offsetMinutes(tz, new Date(utcMidnight));
  return new Date(utcMidnight - off * 60_000).toISOString();
}

/** Only http(s) URLs become links; anything else (javascript:, data:, …) stays text. */
export function safeHttpUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}

// Bidi embeddings, overrides and isolates: shown, never obeyed, so a title cannot flip the row.
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;

/** Makes invisible direction controls visible, e.g. U+202E becomes "⟦U+202E⟧". */
export function showBidi(text: string): string {
  return text.replace(BIDI, (ch) => `⟦U+${ch.codePointAt(0)?.toString(16).toUpperCase()}⟧`);
}

export function hasBidi(text: string): boolean {
  BIDI.lastIndex = 0;
  const found = BIDI.test(text);
  BIDI.lastIndex = 0;
  return found;
}

export function percent(score: number | null | undefined): string {
  return score === null || score === undefined ? "—" : `${Math.round(score * 100)}%`;
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
