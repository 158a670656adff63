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
export const INVALID_REASONS = [
  "date_format",
  "period_reversed",
  "period_too_long",
  "region_unknown",
  // From an input schema's first refused field (inputs.ts `invalidZod`).
  "required",
  "too_long",
  "too_short",
  "too_many",
  "choose_one",
  "number_format",
  "number_range",
  "choice",
  "format",
  "url_format",
  "url_credentials",
  "url_https",
  "email_format",
  // From the rules of the services.
  "password_wrong",
  "otp_wrong",
  "password_or_otp_wrong",
  "claims_none",
  "action_missing",
  "correction_missing",
  "items_unknown",
  "cursor_invalid",
  "due_range",
  "assignee_unknown",
] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];

export interface Failure {
  code: FailureCode;
  message: string;
  /** For rate limits and throttles: when to try again. */
  retryAfterSec?: number;
  /** For invalid_request: why, when a page has words for it. */
  reason?: InvalidReason;
  /** With `reason`: the limit it names (most characters, fewest, most entries). */
  limit?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: FailureCode, message: string, retryAfterSec?: number): { ok: false; error: Failure } => ({
  ok: false,
  error: retryAfterSec === undefined ? { code, message } : { code, message, retryAfterSec },
});
export const notFound = (what: string) => fail("not_found", `${what} not found`);
/** invalid_request with its reason, which pages say in the reader's language. */
export const invalid = (reason: InvalidReason, message: string, limit?: number): { ok: false; error: Failure } => ({
  ok: false,
  error:
    limit === undefined
      ? { code: "invalid_request", message, reason }
      : { code: "invalid_request", message, reason, limit },
});
