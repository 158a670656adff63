import type { ItemStatus, Verdict } from "@klinik/core";
import type { Db } from "../connect.ts";
import { createReports } from "../cross-clinic.repository.ts";

/** Stores one public report and its item. */
export async function createReport(
  db: Db,
  tenantId: string,
  input: { text: string; url: string | null; contact: string | null },
): Promise<{ reportId: string; itemId: string; ticket: string }> {
  const [r] = await createReports(db, [{ tenantId, ...input }]);
  if (!r) throw new Error("report was not stored");
  return r;
}

/** Where a report stands, as its ticket shows it to the reporter: never the contact. */
export interface ReportProgress {
  reportId: string;
  ticket: string;
  receivedAt: string;
  itemStatus: ItemStatus | null;
  /** The claim's verdict, else the item's own latest verdict. */
  verdict: Verdict | null;
  /** Clarifications that answer the report (this clinic's linked ones, then matches of any clinic). */
  clarificationIds: string[];
}

/** A report by its ticket, with how far its item and the item's claim have come. */
export async function reportProgress(db: Db, tenantId: string, ticket: string): Promise<ReportProgress | undefined> {
  const report = await db
    .selectFrom("reports")
    .select(["id", "received_at", "ticket"])
    .where("tenant_id", "=", tenantId)
    .where("ticket", "=", ticket)
    .executeTakeFirst();
  if (!report?.ticket) return undefined;
  const item = await db
    .selectFrom("items")
    .select(["id", "status", "cluster_id"])
    .where("tenant_id", "=", tenantId)
    .where("report_id", "=", report.id)
    .executeTakeFirst();
  const base = { reportId: report.id, ticket: report.ticket, receivedAt: report.received_at };
  if (!item) return { ...base, itemStatus: null, verdict: null, clarificationIds: [] };
  const cluster = item.cluster_id
    ? await db
        .selectFrom("clusters")
        .select(["verdict", "status"])
        .where("tenant_id", "=", tenantId)
        .where("id", "=", item.cluster_id)
        .executeTakeFirst()
    : undefined;
  const own = await db
    .selectFrom("verdicts")
    .select("verdict")
    .where("tenant_id", "=", tenantId)
    .where("item_id", "=", item.id)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  // The claim's members: a clarification linked to any copy of the message answers this one too.
  const members = item.cluster_id
    ? (
        await db
          .selectFrom("items")
          .select("id")
          .where("tenant_id", "=", tenantId)
          .where("cluster_id", "=", item.cluster_id)
          .limit(500)
          .execute()
      ).map((r) => r.id)
    : [item.id];
  const ids = members.includes(item.id) ? members : [item.id, ...members];
  const linked = await db
    .selectFrom("clarification_items")
    .select("clarification_id")
    .where("tenant_id", "=", tenantId)
    .where("item_id", "in", ids)
    .execute();
  const matched = await db
    .selectFrom("item_clarification_matches")
    .select("clarification_id")
    .where("tenant_id", "=", tenantId)
    .where("item_id", "in", ids)
    .orderBy("similarity", "desc")
    .execute();
  return {
    ...base,
    itemStatus: cluster?.status ?? item.status,
    verdict: cluster?.verdict ?? own?.verdict ?? null,
    clarificationIds: [...new Set([...linked, ...matched].map((r) => r.clarification_id))],
  };
}

/** The reporter's contact behind an item (for the clinic's analysts only); erased contacts say when. */
export interface ReporterContact {
  contact: string | null;
  erasedAt: string | null;
  ticket: string | null;
}

/** The report contact and ticket behind each of the given items that came from a public report. */
export async function reportContactsOfItems(
  db: Db,
  tenantId: string,
  itemIds: readonly string[],
): Promise<Map<string, ReporterContact>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("items")
    .innerJoin("reports", (j) =>
      j.onRef("reports.id", "=", "items.report_id").onRef("reports.tenant_id", "=", "items.tenant_id"),
    )
    .select(["items.id as item_id", "reports.contact", "reports.contact_erased_at", "reports.ticket"])
    .where("items.tenant_id", "=", tenantId)
    .where("reports.tenant_id", "=", tenantId)
    .where("items.id", "in", itemIds)
    .execute();
  return new Map(rows.map((r) => [r.item_id, { contact: r.contact, erasedAt: r.contact_erased_at, ticket: r.ticket }]));
}

/** Erases the contacts of reports received before `cutoff`; how many were erased. */
export async function eraseContactsReceivedBefore(db: Db, tenantId: string, cutoff: string, now: string) {
  const r = await db
    .updateTable("reports")
    .set({ contact: null, contact_erased_at: now })
    .where("tenant_id", "=", tenantId)
    .where("contact", "is not", null)
    .where("received_at", "<", cutoff)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
