import type { EvidenceKind } from "@klinik/core";

type Iso = string;

// Migration 0014.
/** An evidence link on a claim or (exactly one of the two) a clarification. */
export interface EvidenceLinkTable {
  id: string;
  tenant_id: string;
  cluster_id: string | null;
  clarification_id: string | null;
  url: string;
  title: string;
  kind: EvidenceKind;
  added_by: string;
  created_at: Iso;
}
