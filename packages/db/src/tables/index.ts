import type { ClarificationStatus, ItemStatus, SourceKind, UserRole, Verdict } from "@klinik/core";
import type { Generated } from "kysely";

/** Timestamps are ISO-8601 UTC strings on both SQLite and Postgres, so they sort as text. */
type Iso = string;

export interface TenantTable {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  created_at: Iso;
}

export interface UserTable {
  id: string;
  tenant_id: string;
  email: string;
  name: string;
  password_hash: string;
  role: UserRole;
  created_at: Iso;
}

export interface SessionTable {
  /** sha256 of the bearer token; the token itself is never stored. */
  id: string;
  tenant_id: string;
  user_id: string;
  created_at: Iso;
  expires_at: Iso;
}

export interface SourceTable {
  id: string;
  tenant_id: string;
  kind: SourceKind;
  name: string;
  url: string;
  schedule_sec: number;
  enabled: number;
  paused_reason: string | null;
  etag: string | null;
  last_modified: string | null;
  last_fetch_at: Iso | null;
  last_status: number | null;
  last_error: string | null;
  consecutive_failures: number;
  items_added: number;
  next_fetch_at: Iso | null;
  /** HMAC secret of a webhook source. */
  secret: string | null;
  created_at: Iso;
}

export interface ReportTable {
  id: string;
  tenant_id: string;
  text: string;
  url: string | null;
  /** Private: never leaves the API except to the clinic's own analysts. */
  contact: string | null;
  received_at: Iso;
}

export interface ItemTable {
  id: string;
  tenant_id: string;
  source_id: string | null;
  report_id: string | null;
  /**
   * Unique per tenant, made by `entryDedupKey` (@klinik/feeds) for feed entries and webhook posts:
   * `guid:<source>:<id>`, `url:<canonical url>` or `hash:<contentHash>`; `report:<id>` for public reports.
   */
  dedup_key: string;
  external_id: string | null;
  url: string | null;
  title: string | null;
  text: string;
  author: string | null;
  published_at: Iso | null;
  content_hash: string;
  score: number | null;
  /** JSON array of ScoreReason. */
  reasons: string | null;
  model_version: string | null;
  status: ItemStatus;
  cluster_id: string | null;
  scored_at: Iso | null;
  created_at: Iso;
  updated_at: Iso;
}

export interface VerdictTable {
  id: string;
  tenant_id: string;
  item_id: string;
  user_id: string;
  verdict: Verdict;
  note: string | null;
  created_at: Iso;
}

export interface ClarificationTable {
  id: string;
  tenant_id: string;
  title: string;
  body: string;
  verdict: Verdict;
  status: ClarificationStatus;
  created_by: string;
  created_at: Iso;
  published_at: Iso | null;
}

export interface ClarificationItemTable {
  clarification_id: string;
  item_id: string;
  tenant_id: string;
}

export interface ClusterTable {
  id: string;
  tenant_id: string;
  representative_item_id: string;
  size: number;
  first_seen_at: Iso;
  last_seen_at: Iso;
  max_score: number;
  /** Same life as an item's status; a verdict on the cluster applies to its members. */
  status: ItemStatus;
  verdict: Verdict | null;
  claimed_by: string | null;
  claimed_until: Iso | null;
  created_at: Iso;
  updated_at: Iso;
}

export interface ItemSignatureTable {
  seq: Generated<number>;
  tenant_id: string;
  item_id: string;
  cluster_id: string;
  /** base64 of the serialised MinHash signature. */
  signature: string;
}

export interface ItemClarificationMatchTable {
  tenant_id: string;
  item_id: string;
  /** May belong to another clinic: published clarifications are shared across the instance. */
  clarification_id: string;
  similarity: number;
  created_at: Iso;
}

/** An analyst's note on a claim (review UI). */
export interface ClusterNoteTable {
  id: string;
  tenant_id: string;
  cluster_id: string;
  user_id: string;
  body: string;
  created_at: Iso;
}

export interface ItemClusterSuggestionTable {
  tenant_id: string;
  item_id: string;
  /** A cluster the item resembles without being a confirmed near-duplicate. */
  cluster_id: string;
  similarity: number;
}

export interface Database {
  item_cluster_suggestions: ItemClusterSuggestionTable;
  clusters: ClusterTable;
  cluster_notes: ClusterNoteTable;
  item_signatures: ItemSignatureTable;
  item_clarification_matches: ItemClarificationMatchTable;
  tenants: TenantTable;
  users: UserTable;
  sessions: SessionTable;
  sources: SourceTable;
  reports: ReportTable;
  items: ItemTable;
  verdicts: VerdictTable;
  clarifications: ClarificationTable;
  clarification_items: ClarificationItemTable;
}
