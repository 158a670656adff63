/**
 * What a use case answers: a value, or an expected failure with a code from one
 * list. The JSON API turns codes into HTTP statuses (errors.ts), the UI into
 * pages in the user's language; neither decides anything a service decided.
 */
export const FAILURE_CODES = [
  "invalid_request",
  "unauthorized",
  "invalid_credentials",
  "forbidden",
  "not_found",
  "tenant_not_found",
  "conflict",
  "claimed",
  "source_paused",
  "too_many_attempts",
  "rate_limited",
  "weak_password",
  "otp_required",
  "link_unusable",
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

/**
 * Why an input was refused, for pages to say in the reader's language: the
 * message is the API's (English, naming the field).
 */
export const INVALID_REASONS = ["date_format", "period_reversed", "period_too_long", "region_unknown"] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];

export interface Failure {
  code: FailureCode;
  message: string;
  /** For rate limits and throttles: when to try again. */
  retryAfterSec?: number;
  /** For invalid_request: why, when a page has words for it. */
  reason?: InvalidReason;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: FailureCode, message: string, retryAfterSec?: number): { ok: false; error: Failure } => ({
  ok: false,
  error: retryAfterSec === undefined ? { code, message } : { code, message, retryAfterSec },
});
export const notFound = (what: string) => fail("not_found", `${what} not found`);
/** invalid_request with its reason, which pages say in the reader's language. */
export const invalid = (reason: InvalidReason, message: string): { ok: false; error: Failure } => ({
  ok: false,
  error: { code: "invalid_request", message, reason },
});
