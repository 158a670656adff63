import { fail } from "./errors.ts";
import type { FetchError } from "./types.ts";

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `JSON.parse(text)`, or `invalid_json` with `message` (and the HTTP status, when there is one). */
export function parseJson(
  text: string,
  message: string,
  status: number | null = null,
): { kind: "json"; value: unknown } | FetchError {
  try {
    return { kind: "json", value: JSON.parse(text) };
  } catch {
    return fail("invalid_json", message, status);
  }
}
