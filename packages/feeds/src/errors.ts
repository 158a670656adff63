import type { ErrorCode, FetchError } from "./types.ts";

/** An expected failure as a value. Only throttling answers carry `retryAfterSec`; the HTTP client sets it. */
export function fail(code: ErrorCode, message: string, status: number | null = null): FetchError {
  return { kind: "error", status, code, message, retryAfterSec: null };
}
