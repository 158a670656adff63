import { ERROR_CODES, type ErrorCode, type FetchError } from "./types.ts";

/** An expected failure as a value. Only throttling answers carry `retryAfterSec`; the HTTP client sets it. */
export function fail(code: ErrorCode, message: string, status: number | null = null): FetchError {
  return { kind: "error", status, code, message, retryAfterSec: null };
}

/**
 * A failure as stored with a source (`last_error`): the code first, so a UI can
 * say it in its own language, then the English detail for admins.
 */
export function storedError(e: Pick<FetchError, "code" | "message">): string {
  return `${e.code}: ${e.message}`;
}

/** Splits a stored failure back into its code (null for older rows without one) and its detail. */
export function parseStoredError(stored: string): { code: ErrorCode | null; detail: string } {
  const colon = stored.indexOf(": ");
  const head = colon > 0 ? stored.slice(0, colon) : "";
  return (ERROR_CODES as readonly string[]).includes(head)
    ? { code: head as ErrorCode, detail: stored.slice(colon + 2) }
    : { code: null, detail: stored };
}
