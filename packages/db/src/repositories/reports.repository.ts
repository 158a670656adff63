import type { Db } from "../connect.ts";
import { newId, nowIso } from "../util.ts";
import { newItemRow } from "./items.repository.ts";

/** Stores a public report and the item that carries it into the review queue, atomically. */
export async function createReport(
  db: Db,
  tenantId: string,
  input: { text: string; url: string | null; contact: string | null },
): Promise<{ reportId: string; itemId: string }> {
  const reportId = newId();
  const now = nowIso();
  const item = newItemRow(
    {
      tenantId,
      sourceId: null,
      reportId,
      dedupKey: `report:${reportId}`,
      externalId: null,
      url: input.url,
      title: null,
      text: input.text,
      author: null,
      publishedAt: null,
    },
    now,
  );
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto("reports")
      .values({ id: reportId, tenant_id: tenantId, text: input.text, url: input.url, contact: input.contact, received_at: now })
      .execute();
    await tx.insertInto("items").values(item).execute();
  });
  return { reportId, itemId: item.id };
}
