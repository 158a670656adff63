import type { ItemStatus, Verdict } from "@klinik/core";

type Iso = string;

// Migration 0014.
/** One verdict or dismissal given to one or many claims, so it can be undone as a whole. */
export interface ReviewActionTable {
  id: string;
  tenant_id: string;
  user_id: string;
  kind: "verdict" | "dismiss";
  verdict: Verdict | null;
  created_at: Iso;
  undone_at: Iso | null;
  undone_by: string | null;
}

/** A claim a review action changed, and its state before (what an undo restores). */
export interface ReviewActionClusterTable {
  action_id: string;
  tenant_id: string;
  cluster_id: string;
  before_status: ItemStatus;
  before_verdict: Verdict | null;
  reverted_at: Iso | null;
  reverted_by: string | null;
}

/** What a verdict row carries for undo (migration 0014): the action that wrote it, and its reversal. */
export interface VerdictUndoColumns {
  /** Null for verdicts given before undo existed (and single-item verdicts). */
  action_id?: string | null;
  /** Set when the verdict was undone or reverted; the row stays as history. */
  reverted_at?: Iso | null;
  reverted_by?: string | null;
}
