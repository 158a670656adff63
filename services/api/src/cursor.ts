import { z } from "zod";

/** Opaque keyset cursors, one codec for the API and the UI. */
export function encodeCursor(v: object): string {
  return Buffer.from(JSON.stringify(v)).toString("base64url");
}

/** The cursor's value, undefined when absent, or "invalid" (the API answers 400, the UI starts over). */
export function parseCursor<S extends z.ZodType>(
  cursor: string | undefined,
  schema: S,
): z.infer<S> | undefined | "invalid" {
  if (!cursor) return undefined;
  if (cursor.length > 500) return "invalid";
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return "invalid";
}

/** Position in a score-ordered queue: (score, id). */
export const scoreCursor = z.object({ s: z.number(), i: z.string().max(64) });
