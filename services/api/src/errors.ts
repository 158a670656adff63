import { isDatabaseDown } from "@klinik/db";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Failure, FailureCode } from "./services/result.ts";

/** Every error code a client can see, and its HTTP status: the one place they are mapped. */
export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  /** Password right; the account's two-factor code is missing. */
  otp_required: 401,
  /** A password the policy refuses (too short, too guessable). */
  weak_password: 400,
  /** An invitation or reset link that is unknown, used or expired (alike). */
  link_unusable: 410,
  forbidden: 403,
  not_found: 404,
  tenant_not_found: 404,
  conflict: 409,
  claimed: 409,
  source_paused: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<FailureCode | string, ContentfulStatusCode>;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** An expected failure with the shape every client sees: `{error:{code,message}}`. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterSec?: number,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const fromFailure = (f: Failure): ApiError => new ApiError(f.code, f.message, f.retryAfterSec);

/** The value of a use case, or its failure thrown as the API's error. */
export function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: Failure }): T {
  if (!r.ok) throw fromFailure(r.error);
  return r.value;
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

export function handleError(err: Error, c: Context, log: (e: Error) => void): Response {
  if (err instanceof ApiError) {
    if (err.retryAfterSec !== undefined) c.header("Retry-After", String(err.retryAfterSec));
    return c.json(errorBody(err.code, err.message), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code =
      status === 413
        ? "payload_too_large"
        : status === 415
          ? "unsupported_media_type"
          : status === 401
            ? "unauthorized"
            : status === 400 && /JSON/i.test(err.message)
              ? "invalid_json"
              : status === 400
                ? "invalid_request"
                : "http_error";
    return c.json(errorBody(code, err.message || "Request failed"), status as ContentfulStatusCode);
  }
  log(err);
  // Postgres restarting or unreachable: the request may succeed in a moment, and a client
  // (or the reverse proxy) should retry rather than report a bug.
  if (isDatabaseDown(err)) {
    c.header("Retry-After", "5");
    return c.json(errorBody("unavailable", "The database is unavailable for now; try again shortly"), 503);
  }
  return c.json(errorBody("internal", "Internal server error"), 500);
}
