import type { ParsedFeed, RawEntry } from "./entries.ts";
import { fail } from "./errors.ts";
import type { FetchError } from "./types.ts";

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** JSON Feed 1.0/1.1 (https://www.jsonfeed.org/version/1.1/). Only typed fields are read. */
export function parseJsonFeed(body: string): ParsedFeed | FetchError {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return fail("invalid_json", "The response looks like JSON but cannot be read (broken or cut off).");
  }
  if (!isObj(doc) || typeof doc.version !== "string" || !doc.version.includes("jsonfeed.org")) {
    return fail("not_a_feed", "The response is JSON but not a JSON Feed (no jsonfeed.org version).");
  }
  const items = Array.isArray(doc.items) ? doc.items.filter(isObj) : [];
  const feedAuthor = authorName(doc);
  return {
    kind: "feed",
    ttlSec: null,
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

function authorName(holder: Obj): string | null {
  const authors = Array.isArray(holder.authors) ? holder.authors : [holder.author];
  for (const a of authors) {
    if (isObj(a) && typeof a.name === "string") return a.name;
  }
  return null;
}
