import type { Context } from "hono";
import type { z } from "zod";
import { bodyText } from "./body.ts";
import type { Env } from "./context.ts";
import { ApiError, describeZodError } from "./errors.ts";

/** Reads and validates a JSON body; bad JSON and bad fields both answer 400. */
export async function jsonBody<S extends z.ZodType>(c: Context<Env>, schema: S): Promise<z.infer<S>> {
  const text = await bodyText(c);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "Request body is not valid JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ApiError(400, "invalid_request", describeZodError(parsed.error));
  return parsed.data;
}

export function queryParams<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw new ApiError(400, "invalid_request", describeZodError(parsed.error));
  return parsed.data;
}

/** Opaque keyset cursor. */
export function encodeCursor(v: object): string {
  return Buffer.from(JSON.stringify(v)).toString("base64url");
}

export function decodeCursor<S extends z.ZodType>(cursor: string | undefined, schema: S): z.infer<S> | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  throw new ApiError(400, "invalid_request", "cursor: invalid");
}
