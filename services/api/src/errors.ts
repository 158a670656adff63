import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

/** An expected failure with the shape every client sees: `{error:{code,message}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what = "Resource"): ApiError => new ApiError(404, "not_found", `${what} not found`);

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/** Human-readable summary of a zod error that names each failing field. */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .map((i) => {
      const path = i.path.length ? i.path.join(".") : "body";
      return `${path}: ${i.message}`;
    })
    .join("; ");
}

export function handleError(err: Error, c: Context, log: (e: Error) => void): Response {
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message), err.status);
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 413 ? "payload_too_large" : status === 401 ? "unauthorized" : "http_error";
    return c.json(errorBody(code, err.message || "Request failed"), status as ContentfulStatusCode);
  }
  log(err);
  return c.json(errorBody("internal", "Internal server error"), 500);
}
