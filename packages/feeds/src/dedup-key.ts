import { contentHash } from "@klinik/core";
import { canonicalUrl } from "./canonical-url.ts";

/**
 * The one dedup key of anything that arrives from a source (a feed entry, a
 * post pushed to a webhook): its id within the source, else its canonical URL
 * within the clinic, else the hash of its normalised content within the clinic.
 * Items are unique per (clinic, key), so a retried or repeated delivery adds nothing.
 */
export function entryDedupKey(
  sourceId: string,
  e: { guid: string | null; url: string | null; title: string | null; text: string },
): string {
  if (e.guid?.trim()) return `guid:${sourceId}:${e.guid.trim().slice(0, 500)}`;
  if (e.url) {
    try {
      return `url:${canonicalUrl(e.url).slice(0, 1_000)}`;
    } catch {
      // not a URL we can canonicalise: fall back to the content
    }
  }
  return `hash:${contentHash(e.title, e.text)}`;
}
