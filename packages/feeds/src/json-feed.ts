import type { ParsedFeed, RawEntry } from "./entries.ts";
import { fail } from "./errors.ts";
import { isJsonObject, type JsonObject, parseJson } from "./json.ts";
import type { FetchError } from "./types.ts";

/** JSON Feed 1.0/1.1 (https://www.jsonfeed.org/version/1.1/). Only typed fields are read. */
export function parseJsonFeed(body: string): ParsedFeed | FetchError {
  const parsed = parseJson(body, "The response looks like JSON but cannot be read (broken or cut off).");
  if (parsed.kind === "error") return parsed;
  const doc = parsed.value;
  if (!isJsonObject(doc) || typeof doc.version !== "string" || !doc.version.includes("jsonfeed.org")) {
    return fail("not_a_feed", "The response is JSON but not a JSON Feed (no jsonfeed.org version).");
  }
  const all: unknown[] = Array.isArray(doc.items) ? doc.items : [];
  const items = all.filter(isJsonObject);
  const feedAuthor = authorName(doc);
  return {
    kind: "feed",
    ttlSec: null,
    invalid: all.length - items.length,
    entries: items.map(
      (item): RawEntry => ({
        guid: item.id ?? null,
        url: item.url ?? item.external_url ?? null,
        title: item.title ?? null,
        bodies: [item.content_html, item.content_text, item.summary],
        author: authorName(item) ?? feedAuthor,
        dates: [item.date_published, item.date_modified],
      }),
    ),
  };
}

function authorName(holder: JsonObject): string | null {
  const authors = Array.isArray(holder.authors) ? holder.authors : [holder.author];
  for (const a of authors) {
    if (isJsonObject(a) && typeof a.name === "string") return a.name;
  }
  return null;
}
