import { contentHash, type NewItem } from "@klinik/db";
import { canonicalUrl, type FeedEntry } from "@klinik/feeds";

/**
 * Dedup key of a feed entry: its guid within the source, else its canonical URL
 * within the clinic, else the hash of its normalised content within the clinic.
 */
export function dedupKey(sourceId: string, e: Pick<FeedEntry, "guid" | "url" | "title" | "text">): string {
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

export function entryToItem(tenantId: string, sourceId: string, e: FeedEntry): NewItem | null {
  const text = e.text.trim();
  const title = e.title?.trim() || null;
  if (!text && !title) return null;
  return {
    tenantId,
    sourceId,
    reportId: null,
    dedupKey: dedupKey(sourceId, e),
    externalId: e.guid,
    url: e.url,
    title,
    text: text || title || "",
    author: e.author,
    publishedAt: e.publishedAt ? e.publishedAt.toISOString() : null,
  };
}
