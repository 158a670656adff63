import type { ItemStatus, Verdict } from "@klinik/core";
import type { ClusterAssignmentColumns } from "./assignment.ts";

type Iso = string;

export interface ClusterTable extends ClusterAssignmentColumns {
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
  /** The short soft lock held only while someone edits a verdict (see claims.repository.ts). */
  claimed_by: string | null;
  claimed_until: Iso | null;
  created_at: Iso;
  updated_at: Iso;
}
