import type { Clarification, ClarificationRow, ItemRow, QueueItem, Source } from "@klinik/db";
import { parseReasons } from "@klinik/db";

export function itemDto(i: QueueItem | (ItemRow & { source_name?: string | null })) {
  return {
    id: i.id,
    title: i.title,
    text: i.text,
    url: i.url,
    author: i.author,
    publishedAt: i.published_at,
    source: i.source_id ? { id: i.source_id, name: i.source_name ?? null } : null,
    reportId: i.report_id,
    score: i.score,
    reasons: typeof i.reasons === "string" || i.reasons === null ? parseReasons(i.reasons) : i.reasons,
    modelVersion: i.model_version,
    status: i.status,
    clusterId: i.cluster_id,
    createdAt: i.created_at,
  };
}

export function clarificationDto(c: Clarification | ClarificationRow, withItems: boolean) {
  return {
    id: c.id,
    title: c.title,
    body: c.body,
    verdict: c.verdict,
    status: c.status,
    ...(withItems && "item_ids" in c ? { itemIds: c.item_ids } : {}),
    createdAt: c.created_at,
    publishedAt: c.published_at,
  };
}

export function sourceDto(s: Source) {
  return {
    id: s.id,
    kind: s.kind,
    name: s.name,
    url: s.url,
    scheduleSec: s.schedule_sec,
    enabled: s.enabled === 1,
    pausedReason: s.paused_reason,
    lastFetchAt: s.last_fetch_at,
    lastStatus: s.last_status,
    lastError: s.last_error,
    consecutiveFailures: s.consecutive_failures,
    itemsAdded: s.items_added,
    nextFetchAt: s.next_fetch_at,
  };
}
