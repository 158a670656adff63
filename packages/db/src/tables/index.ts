import type { ClinicKind, ClinicStatus, ItemStatus, SourceKind, UserRole, Verdict } from "@klinik/core";
import type { Generated } from "kysely";
import type { SearchTables } from "./clarification-search.ts";
import type { ClarificationCorrectionTable, ClarificationItemTable, ClarificationTable } from "./clarifications.ts";
import type { ClinicModelTable } from "./clinic-models.ts";
import type { ClusterTable } from "./clusters.ts";
import type { EvidenceLinkTable } from "./evidence.ts";
import type { NotificationTables } from "./notifications.ts";
import type { ReportTable } from "./reports.ts";
import type { ClusterNoteTable, ItemClusterSuggestionTable } from "./review.ts";
import type { ReviewActionClusterTable, ReviewActionTable, VerdictUndoColumns } from "./review-actions.ts";
import type { SourceDropColumns } from "./source-drops.ts";
import type { WebhookAttemptTable, WebhookDeliveryTable, WebhookSubscriptionTable } from "./webhooks.ts";

export type * from "./clarifications.ts";
export type * from "./clusters.ts";
export type * from "./evidence.ts";
export type * from "./review-actions.ts";
export type * from "./webhooks.ts";

export type { ClusterNoteTable, ItemClusterSuggestionTable, ReportTable };

/** Timestamps are ISO-8601 UTC strings on both SQLite and Postgres, so they sort as text. */
type Iso = string;

export interface TenantTable {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  created_at: Iso;
  /** Kemendagri code: "32" a province, "32.73" a regency/city; null for an independent clinic. */
  region_code: string | null;
  /** The province clinic of a regency/city clinic. */
  parent_id: string | null;
  kind: ClinicKind | null;
  status: ClinicStatus;
  /** What the public pages show (defaults to `name`). */
  display_name: string | null;
  logo_url: string | null;
  contact: string | null;
  /** 1: an analyst's clarification waits for a publisher's approval. */
  require_approval: number;
  /** 1: every person of the clinic must use two-factor sign-in. */
  require_totp: number;
  /** Days a public reporter's contact is kept before the periodic job erases it. */
  contact_retention_days: number;
}

export interface UserTable {
  id: string;
  tenant_id: string;
  email: string;
  name: string;
  password_hash: string;
  role: UserRole;
  created_at: Iso;
  /** 1: operator of the whole instance (creates clinics), besides the clinic role. */
  operator: number;
  /** 0: deactivated; every session and token of theirs stops working. */
  active: number;
  totp_secret: string | null;
  totp_enabled: number;
  password_changed_at: Iso | null;
}

export interface SessionTable {
  /** sha256 of the bearer token; the token itself is never stored. */
  id: string;
  tenant_id: string;
  user_id: string;
  created_at: Iso;
  expires_at: Iso;
  /** Sessions also end when idle: the last request that used it (updated at most once a minute). */
  last_seen_at: Iso | null;
  address: string | null;
  user_agent: string | null;
}

/** A one-time link: an invitation (creates the person) or a password reset. */
export interface OneTimeLinkTable {
  /** sha256 of the token in the link. */
  id: string;
  tenant_id: string;
  purpose: "invite" | "reset";
  /** The person a reset is for; null for an invitation. */
  user_id: string | null;
  email: string;
  name: string;
  role: UserRole;
  created_by: string | null;
  created_at: Iso;
  expires_at: Iso;
  used_at: Iso | null;
}

export interface ApiTokenTable {
  id: string;
  tenant_id: string;
  name: string;
  /** sha256 of the token; the token is shown once. */
  token_hash: string;
  /** Comma-separated TokenScope list. */
  scopes: string;
  created_by: string;
  created_at: Iso;
  last_used_at: Iso | null;
  revoked_at: Iso | null;
}

/** A regency's claim handed up to its province. */
export interface EscalationTable {
  id: string;
  /** The regency clinic that owns the claim. */
  tenant_id: string;
  province_id: string;
  cluster_id: string;
  status: "open" | "answered" | "returned";
  reason: string | null;
  /** The province's answer, or why it handed the claim back. */
  answer: string | null;
  /** The verdict the province suggests (the regency decides its own claim). */
  verdict: Verdict | null;
  created_by: string;
  created_at: Iso;
  resolved_by: string | null;
  resolved_at: Iso | null;
}

/** Append-only (database triggers refuse UPDATE and DELETE). */
export interface AuditLogTable {
  seq: Generated<number>;
  id: string;
  /** The clinic the event belongs to; null for instance-wide events. */
  tenant_id: string | null;
  actor_id: string | null;
  /** Email or token name at the time, so the row reads on its own. */
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** JSON: a short before/after summary. */
  summary: string | null;
  address: string | null;
  created_at: Iso;
}

export interface SourceTable extends SourceDropColumns {
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

export interface VerdictTable extends VerdictUndoColumns {
  id: string;
  tenant_id: string;
  item_id: string;
  user_id: string;
  verdict: Verdict;
  note: string | null;
  created_at: Iso;
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

export interface Database extends SearchTables, NotificationTables {
  clinic_models: ClinicModelTable;
  one_time_links: OneTimeLinkTable;
  api_tokens: ApiTokenTable;
  escalations: EscalationTable;
  audit_log: AuditLogTable;
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
  clarification_corrections: ClarificationCorrectionTable;
  webhook_subscriptions: WebhookSubscriptionTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  review_actions: ReviewActionTable;
  review_action_clusters: ReviewActionClusterTable;
  evidence_links: EvidenceLinkTable;
}
