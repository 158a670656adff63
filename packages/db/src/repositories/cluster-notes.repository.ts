import type { Db } from "../connect.ts";
import { storableText } from "../storable-text.ts";
import { newId, nowIso } from "../util.ts";
import { ownsRow } from "./clinic-rows.ts";

/**
 * A claim's verdicts, one line per decision (a cluster verdict writes one row per member),
 * with the review action that wrote it (to revert it) and who reverted it, when someone did.
 */
export async function listClusterVerdictHistory(db: Db, tenantId: string, clusterId: string) {
  const rows = await db
    .selectFrom("verdicts as v")
    .innerJoin("items as i", (j) => j.onRef("i.id", "=", "v.item_id").onRef("i.tenant_id", "=", "v.tenant_id"))
    .leftJoin("users as u", (j) => j.onRef("u.id", "=", "v.user_id").onRef("u.tenant_id", "=", "v.tenant_id"))
    .leftJoin("users as r", (j) => j.onRef("r.id", "=", "v.reverted_by").onRef("r.tenant_id", "=", "v.tenant_id"))
    .select([
      "v.verdict",
      "v.note",
      "v.created_at",
      "u.name as user_name",
      "v.action_id",
      "v.reverted_at",
      "r.name as reverted_by_name",
    ])
    .select((eb) => eb.fn.countAll<string | number>().as("items"))
    .where("v.tenant_id", "=", tenantId)
    .where("i.cluster_id", "=", clusterId)
    .groupBy(["v.verdict", "v.note", "v.created_at", "u.name", "v.action_id", "v.reverted_at", "r.name"])
    .orderBy("v.created_at", "desc")
    .limit(100)
    .execute();
  return rows.map((r) => ({ ...r, items: Number(r.items) }));
}

export async function addClusterNote(
  db: Db,
  tenantId: string,
  input: { clusterId: string; userId: string; body: string },
): Promise<boolean> {
  if (!(await ownsRow(db, tenantId, "clusters", input.clusterId))) return false;
  await db
    .insertInto("cluster_notes")
    .values({
      id: newId(),
      tenant_id: tenantId,
      cluster_id: input.clusterId,
      user_id: input.userId,
      body: storableText(input.body),
      created_at: nowIso(),
    })
    .execute();
  return true;
}

export async function listClusterNotes(db: Db, tenantId: string, clusterId: string) {
  return db
    .selectFrom("cluster_notes as n")
    .leftJoin("users as u", (j) => j.onRef("u.id", "=", "n.user_id").onRef("u.tenant_id", "=", "n.tenant_id"))
    .select(["n.id", "n.body", "n.created_at", "u.name as user_name"])
    .where("n.tenant_id", "=", tenantId)
    .where("n.cluster_id", "=", clusterId)
    .orderBy("n.created_at", "desc")
    .limit(200)
    .execute();
}
