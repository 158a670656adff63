import type { Verdict } from "@klinik/core";
import type { Db } from "../connect.ts";
import { storableText } from "../storable-text.ts";
import type { VerdictTable } from "../tables/index.ts";
import { newId, nowIso } from "../util.ts";
import { ownsRow } from "./clinic-rows.ts";

export type VerdictRow = VerdictTable;

/**
 * Records an analyst's verdict and closes the item. Returns undefined when the
 * item is not the clinic's (the caller answers 404, never revealing it exists).
 */
export async function recordVerdict(
  db: Db,
  tenantId: string,
  input: { itemId: string; userId: string; verdict: Verdict; note: string | null },
): Promise<VerdictRow | undefined> {
  return db.transaction().execute(async (tx) => {
    if (!(await ownsRow(tx, tenantId, "items", input.itemId))) return undefined;
    const row: VerdictRow = {
      id: newId(),
      tenant_id: tenantId,
      item_id: input.itemId,
      user_id: input.userId,
      verdict: input.verdict,
      note: storableText(input.note),
      created_at: nowIso(),
    };
    await tx.insertInto("verdicts").values(row).execute();
    await tx
      .updateTable("items")
      .set({ status: "done", updated_at: row.created_at })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", input.itemId)
      .execute();
    return row;
  });
}

export async function listVerdicts(db: Db, tenantId: string, itemId: string): Promise<VerdictRow[]> {
  return db
    .selectFrom("verdicts")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("item_id", "=", itemId)
    .orderBy("created_at")
    .execute();
}
