import type { Clarification, ClarificationRow, ClusterRow, EvidenceRow, ItemRow, QueueItem, Source } from "@klinik/db";
import { parseReasons, sourceDrops } from "@klinik/db";

export interface MatchRow {
  item_id: string;
  similarity: number;
  clarification_id: string;
  title: string;
  verdict: string;
  published_at: string | null;
  clinic_slug: string;
  clinic_name: string;
}

export interface MatchedClarification {
  id: string;
  title: string;
  verdict: string;
  similarity: number;
  publishedAt: string | null;
  clinic: { slug: string; name: string };
  /** Public page of the clarification. */
  url: string;
}

export function matchDto(m: Omit<MatchRow, "item_id">): MatchedClarification {
  return {
    id: m.clarification_id,
    title: m.title,
    verdict: m.verdict,
    similarity: Math.round(m.similarity * 1000) / 1000,
    publishedAt: m.published_at,
    clinic: { slug: m.clinic_slug, name: m.clinic_name },
    url: `/k/${m.clinic_slug}/klarifikasi/${m.clarification_id}`,
  };
}

export function matchesByItem(rows: MatchRow[]): Map<string, MatchedClarification[]> {
  const out = new Map<string, MatchedClarification[]>();
  for (const r of rows) {
    const list = out.get(r.item_id) ?? [];
    list.push(matchDto(r));
    out.set(r.item_id, list);
  }
  return out;
}

export function clusterDto(
  c: ClusterRow & {
    sources: string[];
    title?: string | null;
    excerpt?: string;
    url?: string | null;
    reasons?: string | null;
    claimer_name?: string | null;
    assignee_name?: string | null;
  },
  matches: MatchedClarification[],
) {
  return {
    id: c.id,
    size: c.size,
    score: c.max_score,
    status: c.status,
    verdict: c.verdict,
    firstSeenAt: c.first_seen_at,
    lastSeenAt: c.last_seen_at,
    sources: c.sources,
    representativeItemId: c.representative_item_id,
    ...(c.excerpt !== undefined
      ? { title: c.title ?? null, excerpt: c.excerpt, url: c.url ?? null, reasons: parseReasons(c.reasons ?? null) }
      : {}),
    claimedBy:
      c.claimed_by && c.claimed_until && c.claimed_until > new Date().toISOString()
        ? { id: c.claimed_by, name: c.claimer_name ?? null }
        : null,
    assignedTo: c.assignee_id ? { id: c.assignee_id, name: c.assignee_name ?? null, dueAt: c.due_at ?? null } : null,
    matchedClarifications: matches,
  };
}

export function evidenceDto(e: EvidenceRow) {
  return { id: e.id, url: e.url, title: e.title, kind: e.kind, createdAt: e.created_at };
}

export function itemDto(
  i: QueueItem | (ItemRow & { source_name?: string | null }),
  matches: MatchedClarification[] = [],
) {
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
    matchedClarifications: matches,
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
    updatedAt: c.updated_at,
    withdrawnAt: c.withdrawn_at,
    withdrawnReason: c.withdrawn_reason,
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
    droppedTotal: s.dropped_total,
    drops: sourceDrops(s),
    lastDropReason: s.last_drop_reason,
    lastDropAt: s.last_drop_at,
  };
}
