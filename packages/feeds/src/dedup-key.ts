import { createHash } from "node:crypto";
import { contentHash } from "@klinik/core";
import { canonicalUrl } from "./canonical-url.ts";

/**
 * Keys stay short enough to index: an id over 500 characters or a URL over 1,000
 * is keyed by its hash. (They used to be cut there, and two that differed only
 * after that point collided: one entry was dropped.) Shorter ones keep the key they always had.
 */
const part = (v: string, max: number) =>
  v.length <= max ? v : `sha256:${createHash("sha256").update(v).digest("hex")}`;

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
  const guid = e.guid?.trim();
  if (guid) return `guid:${sourceId}:${part(guid, 500)}`;
  if (e.url) {
    try {
      return `url:${part(canonicalUrl(e.url), 1_000)}`;
    } catch {
      // not a URL we can canonicalise: fall back to the content
    }
  }
  return `hash:${contentHash(e.title, e.text)}`;
}
