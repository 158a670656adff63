import type { Db } from "../connect.ts";
import { newId, nowIso } from "../util.ts";
import { type ItemRow, newItemRow } from "./items.repository.ts";

export interface NewReport {
  tenantId: string;
  text: string;
  url: string | null;
  contact: string | null;
}

/**
 * Stores public reports and the items that carry them into the review queue,
 * all in one transaction (the API groups concurrent reports: one commit for many).
 */
export async function createReports(db: Db, input: NewReport[]): Promise<{ reportId: string; itemId: string }[]> {
  if (input.length === 0) return [];
  const now = nowIso();
  const reports = input.map((r) => ({
    id: newId(),
    tenant_id: r.tenantId,
    text: r.text,
    url: r.url,
    contact: r.contact,
    received_at: now,
  }));
  const items: ItemRow[] = input.map((r, i) =>
    newItemRow(
      {
        tenantId: r.tenantId,
        sourceId: null,
        reportId: reports[i]?.id ?? null,
        dedupKey: `report:${reports[i]?.id}`,
        externalId: null,
        url: r.url,
        title: null,
        text: r.text,
        author: null,
        publishedAt: null,
      },
      now,
    ),
  );
  await db.transaction().execute(async (tx) => {
    // Chunks stay under SQLite's bound-parameter limit.
    for (let i = 0; i < input.length; i += 100) {
      await tx
        .insertInto("reports")
        .values(reports.slice(i, i + 100))
        .execute();
      await tx
        .insertInto("items")
        .values(items.slice(i, i + 100))
        .execute();
    }
  });
  return reports.map((r, i) => ({ reportId: r.id, itemId: items[i]?.id ?? "" }));
}

/** Stores one public report and its item. */
export async function createReport(
  db: Db,
  tenantId: string,
  input: { text: string; url: string | null; contact: string | null },
): Promise<{ reportId: string; itemId: string }> {
  const [r] = await createReports(db, [{ tenantId, ...input }]);
  if (!r) throw new Error("report was not stored");
  return r;
}
