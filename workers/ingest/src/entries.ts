import type { ClinicItem } from "@klinik/db";
import { entryDedupKey, type FeedEntry } from "@klinik/feeds";

/** Dedup key of a feed entry: the one webhook posts get too (see entryDedupKey). */
export const dedupKey: typeof entryDedupKey = entryDedupKey;

/** A feed entry as an item of the source's clinic, or null when it has neither text nor title. */
export function entryToItem(sourceId: string, e: FeedEntry): ClinicItem | null {
  const text = e.text.trim();
  const title = e.title?.trim() || null;
  if (!text && !title) return null;
  return {
    sourceId,
    reportId: null,
    dedupKey: entryDedupKey(sourceId, e),
    externalId: e.guid,
    url: e.url,
    title,
    text: text || title || "",
    author: e.author,
    publishedAt: e.publishedAt ? e.publishedAt.toISOString() : null,
  };
}
