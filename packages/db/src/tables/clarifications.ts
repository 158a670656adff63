import type { ClarificationStatus, Verdict } from "@klinik/core";
import type { ClarificationLockColumns } from "./assignment.ts";

type Iso = string;

/** Columns migration 0011 added to a clarification: its correction time and its withdrawal. */
export interface ClarificationEditColumns {
  /** The last correction of a published clarification (its dateModified); null before any. */
  updated_at: Iso | null;
  withdrawn_at: Iso | null;
  /** Why it was withdrawn: the public page says so at the same URL. */
  withdrawn_reason: string | null;
  withdrawn_by: string | null;
}

/** One correction of a published clarification: the note the public page shows, and what changed. */
export interface ClarificationCorrectionTable {
  id: string;
  tenant_id: string;
  clarification_id: string;
  note: string;
  /** JSON array of the changed fields: "title", "body", "verdict", "items". */
  changed: string;
  created_by: string;
  created_at: Iso;
}

export interface ClarificationTable extends ClarificationEditColumns, ClarificationLockColumns {
  id: string;
  tenant_id: string;
  title: string;
  body: string;
  verdict: Verdict;
  status: ClarificationStatus;
  created_by: string;
  created_at: Iso;
  published_at: Iso | null;
  submitted_by: string | null;
  published_by: string | null;
}

export interface ClarificationItemTable {
  clarification_id: string;
  item_id: string;
  tenant_id: string;
}
