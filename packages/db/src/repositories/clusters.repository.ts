import type { Verdict } from "@klinik/core";
import type { Db } from "../connect.ts";
import { storableText } from "../storable-text.ts";
import type { ClusterTable } from "../tables/index.ts";
import { newId, nowIso } from "../util.ts";
import { findOwnRow, itemsWithSourceName } from "./clinic-rows.ts";
import { rememberBefore } from "./review-actions.repository.ts";

export type ClusterRow = ClusterTable;

/** Clusters that members of this cluster resemble without being confirmed duplicates, most similar first. */
export async function listSuggestedClusters(db: Db, tenantId: string, clusterId: string, limit = 10) {
  return db
    .selectFrom("item_cluster_suggestions as g")
    .innerJoin("items as i", (j) => j.onRef("i.id", "=", "g.item_id").onRef("i.tenant_id", "=", "g.tenant_id"))
    .innerJoin("clusters as c", (j) => j.onRef("c.id", "=", "g.cluster_id").onRef("c.tenant_id", "=", "g.tenant_id"))
    .select(["g.cluster_id", "c.size", "c.status"])
    .select((eb) => eb.fn.max("g.similarity").as("similarity"))
    .where("g.tenant_id", "=", tenantId)
    .where("i.cluster_id", "=", clusterId)
    .where("g.cluster_id", "!=", clusterId)
    .groupBy(["g.cluster_id", "c.size", "c.status"])
    .orderBy("similarity", "desc")
    .limit(limit)
    .execute();
}

/** Signatures stored after `afterSeq` for one clinic, oldest first: how a worker's index catches up. */
export async function signaturesAfter(
  db: Db,
  tenantId: string,
  afterSeq: number,
  limit: number,
): Promise<{ seq: number; item_id: string; cluster_id: string; signature: string }[]> {
  const rows = await db
    .selectFrom("item_signatures")
    .select(["seq", "item_id", "cluster_id", "signature"])
    .where("tenant_id", "=", tenantId)
    .where("seq", ">", afterSeq)
    .orderBy("seq")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

export async function getCluster(db: Db, tenantId: string, id: string): Promise<ClusterRow | undefined> {
  return findOwnRow(db, tenantId, "clusters", id);
}

/** The stored MinHash signatures (base64) of a cluster's members. */
export async function listClusterSignatures(
  db: Db,
  tenantId: string,
  clusterId: string,
): Promise<{ item_id: string; signature: string }[]> {
  return db
    .selectFrom("item_signatures")
    .select(["item_id", "signature"])
    .where("tenant_id", "=", tenantId)
    .where("cluster_id", "=", clusterId)
    .execute();
}

/** Distinct source names per cluster ("Laporan publik" for reports). */
export async function clusterSources(db: Db, tenantId: string, clusterIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (clusterIds.length === 0) return out;
  const rows = await itemsWithSourceName(db)
    .select(["i.cluster_id", "s.name", "i.report_id"])
    .distinct()
    .where("i.tenant_id", "=", tenantId)
    .where("i.cluster_id", "in", clusterIds)
    .execute();
  for (const r of rows) {
    if (!r.cluster_id) continue;
    const name = r.name ?? (r.report_id ? "Laporan publik" : null);
    if (!name) continue;
    const list = out.get(r.cluster_id) ?? [];
    if (!list.includes(name)) list.push(name);
    out.set(r.cluster_id, list);
  }
  return out;
}

export async function listClusterMembers(db: Db, tenantId: string, clusterId: string, limit = 200) {
  return itemsWithSourceName(db)
    .selectAll("i")
    .select("s.name as source_name")
    .where("i.tenant_id", "=", tenantId)
    .where("i.cluster_id", "=", clusterId)
    .orderBy("i.created_at")
    .orderBy("i.id")
    .limit(limit)
    .execute();
}

/**
 * Records one verdict per member of a cluster and closes the cluster and its
 * members. Returns undefined if the cluster is not the clinic's. With `actionId`
 * the state before is remembered and the rows name the action (undo, revert).
 */
export async function recordClusterVerdict(
  db: Db,
  tenantId: string,
  input: { clusterId: string; userId: string; verdict: Verdict; note: string | null; actionId?: string },
): Promise<{ members: number } | undefined> {
  return db.transaction().execute(async (tx) => {
    const before = await findOwnRow(tx, tenantId, "clusters", input.clusterId);
    if (!before) return undefined;
    if (input.actionId) {
      await rememberBefore(tx, tenantId, input.actionId, {
        clusterId: before.id,
        status: before.status,
        verdict: before.verdict,
      });
    }
    const now = nowIso();
    const note = storableText(input.note);
    const members = await tx
      .selectFrom("items")
      .select("id")
      .where("tenant_id", "=", tenantId)
      .where("cluster_id", "=", input.clusterId)
      .execute();
    for (let i = 0; i < members.length; i += 200) {
      await tx
        .insertInto("verdicts")
        .values(
          members.slice(i, i + 200).map((m) => ({
            id: newId(),
            tenant_id: tenantId,
            item_id: m.id,
            user_id: input.userId,
            verdict: input.verdict,
            note,
            created_at: now,
            action_id: input.actionId ?? null,
          })),
        )
        .execute();
    }
    await tx
      .updateTable("items")
      .set({ status: "done", updated_at: now })
      .where("tenant_id", "=", tenantId)
      .where("cluster_id", "=", input.clusterId)
      .execute();
    await tx
      .updateTable("clusters")
      .set({ status: "done", verdict: input.verdict, claimed_by: null, claimed_until: null, updated_at: now })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", input.clusterId)
      .execute();
    return { members: members.length };
  });
}

/** Published clarifications an item matched, with the clinic that wrote each (may be another clinic). */
export async function listItemMatches(db: Db, tenantId: string, itemIds: string[]) {
  if (itemIds.length === 0) return [];
  return db
    .selectFrom("item_clarification_matches as m")
    .innerJoin("clarifications as c", "c.id", "m.clarification_id")
    .innerJoin("tenants as t", "t.id", "c.tenant_id")
    .select([
      "m.item_id",
      "m.similarity",
      "c.id as clarification_id",
      "c.title",
      "c.verdict",
      "c.published_at",
      "t.slug as clinic_slug",
      "t.name as clinic_name",
    ])
    .where("m.tenant_id", "=", tenantId)
    .where("m.item_id", "in", itemIds)
    .where("c.status", "=", "published")
    .orderBy("m.similarity", "desc")
    .execute();
}

/**
 * Marks every item of the given clusters with a published clarification (of
 * any clinic); returns how many items were newly marked.
 */
export async function markClustersWithClarification(
  db: Db,
  tenantId: string,
  clarificationId: string,
  clusters: Map<string, number>,
): Promise<number> {
  let marked = 0;
  const now = nowIso();
  for (const [clusterId, similarity] of clusters) {
    const res = await db
      .insertInto("item_clarification_matches")
      .columns(["tenant_id", "item_id", "clarification_id", "similarity", "created_at"])
      .expression((eb) =>
        eb
          .selectFrom("items")
          .select([
            "tenant_id",
            "id",
            eb.val(clarificationId).as("clarification_id"),
            eb.val(similarity).as("similarity"),
            eb.val(now).as("created_at"),
          ])
          .where("tenant_id", "=", tenantId)
          .where("cluster_id", "=", clusterId),
      )
      .onConflict((oc) => oc.columns(["item_id", "clarification_id"]).doNothing())
      .executeTakeFirst();
    marked += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return marked;
}
