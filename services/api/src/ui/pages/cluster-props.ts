import type { Verdict } from "@klinik/core";
import type { ClusterRow, ItemRow, ReporterContact } from "@klinik/db";
import type { Child } from "hono/jsx";
import type { ClaimState } from "../../services/review.service.ts";
import type { EvidenceView } from "../claim-work.tsx";
import type { ClinicView } from "../page-ctx.ts";

export type ClaimView = ClaimState;

export interface ClusterPageProps extends ClinicView {
  cluster: ClusterRow;
  members: (ItemRow & { source_name: string | null })[];
  matches: {
    clarification_id: string;
    title: string;
    verdict: Verdict;
    similarity: number;
    clinic_slug: string;
    clinic_name: string;
  }[];
  history: {
    verdict: Verdict;
    note: string | null;
    created_at: string;
    user_name: string | null;
    items: number;
    action_id?: string | null;
    reverted_at?: string | null;
    reverted_by_name?: string | null;
  }[];
  notes: { id: string; body: string; created_at: string; user_name: string | null }[];
  claim: ClaimView;
  /** Until when a claim taken now would hold (shown once app.js has taken a free claim). */
  claimUntil: string;
  /** The next open claim in queue order, for `j` and for after a verdict. */
  nextId: string | undefined;
  back: string;
  /** A province reading a regency's claim: no claim, verdict or note forms. */
  readOnly?: boolean;
  /** The claim's escalations to the province (escalations.page.tsx). */
  escalations?: Child;
  evidence: EvidenceView[];
  /** Public reporters' contacts by item, only for those the service lets see them ("report.contact"). */
  reporters?: Map<string, ReporterContact>;
  users: { id: string; name: string }[];
  assignee: { id: string; name: string | null; due: string | null } | null;
  /** What the last action did, and the review action its notice may undo. */
  flash?: string | undefined;
  undo?: string | undefined;
  /** Every member, not only the first few ("lihat semua"). */
  allMembers?: boolean;
}
