import { createHash } from "node:crypto";

/**
 * Normalises text for content hashing and duplicate detection: Unicode NFKC,
 * zero-width and control characters removed, lower case, whitespace collapsed.
 */
export function normalizeForHash(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Cuts a string to at most `max` characters without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** Hash of an item's normalised title and text: the content part of its dedup key and `items.content_hash`. */
export function contentHash(title: string | null, text: string): string {
  return createHash("sha256")
    .update(normalizeForHash(`${title ?? ""}\n${text}`))
    .digest("hex");
}
