import type { ErrorCode, FetchError } from "./types.ts";

export function fail(
  code: ErrorCode,
  message: string,
  status: number | null = null,
  retryAfterSec: number | null = null,
): FetchError {
  return { kind: "error", status, code, message, retryAfterSec };
}
