import type { IncomingHttpHeaders } from "node:http";

const MAX_INTERVAL_SEC = 7 * 24 * 60 * 60;

export function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return typeof value === "string" ? value : null;
}

/** Retry-After as seconds from now: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed), MAX_INTERVAL_SEC);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.min(MAX_INTERVAL_SEC, Math.max(0, Math.ceil((at - now) / 1000)));
}

/** max-age (or s-maxage) from Cache-Control, in seconds. */
export function parseMaxAge(value: string | null): number | null {
  if (!value) return null;
  const match = /(?:^|[,\s])(?:s-)?max-age\s*=\s*"?(\d+)"?/i.exec(value);
  if (!match?.[1]) return null;
  return Math.min(Number(match[1]), MAX_INTERVAL_SEC);
}

/** RSS <ttl> is in minutes. */
export function parseTtlMinutes(value: unknown): number | null {
  if (typeof value !== "string" || !/^\s*\d+\s*$/.test(value)) return null;
  return Math.min(Number(value) * 60, MAX_INTERVAL_SEC);
}

/** The larger (more conservative) of the server's polling hints. */
export function minInterval(...candidates: Array<number | null>): number | null {
  const known = candidates.filter((c): c is number => c !== null && c > 0);
  return known.length ? Math.max(...known) : null;
}

/** Header values we send come from stored state; never let one break the request line. */
export function safeHeaderValue(value: string | null): string | null {
  if (!value || value.length > 1024 || /[^\x20-\x7e\t]/.test(value)) return null;
  return value;
}
