import type { ItemStatus, ScoreResult, Verdict } from "@klinik/core";
import { sql } from "kysely";
import type { Db } from "../connect.ts";
import type { ClusterTable } from "../tables/index.ts";
import { newId, nowIso } from "../util.ts";

export type ClusterRow = ClusterTable;

export interface ScoredAssignment {
  itemId: string;
  result: ScoreResult;
  /** Existing cluster to join, or a fresh id (from newId) for a cluster this batch starts. */
  clusterId: string;
  signature: string;
  /** Published clarifications (any clinic) the item matches. */
  matches: { clarificationId: string; similarity: number }[];
  /** Other clusters it resembles below the confirmed threshold (or because it is short). */
  suggestions?: { clusterId: string; similarity: number }[];
  /** The item's created_at, when the caller has it (saves reading it back). */
  createdAt?: string;
}

export interface StoredBatch {
  /** Items this call stored (those still pending). */
  ids: Set<string>;
  /** `item_signatures.seq` of the signatures it wrote, ascending. */
  signatureSeqs: number[];
}

/**
 * Stores a batch of scores with each item's cluster and clarification matches
 * in one transaction. Only items still pending are touched, so a retried job
 * changes nothing. A new member of a cluster that already has a verdict takes
 * that status at once: the clinic answered this claim before.
 * Returns the ids that this call stored.
 */
export async function storeScoredItems(
  db: Db,
  tenantId: string,
  modelVersion: string,
  batch: ScoredAssignment[],
): Promise<Set<string>> {
  return (await storeScoredBatch(db, tenantId, modelVersion, batch)).ids;
}

/**
 * storeScoredItems, also answering the sequence numbers its signatures got,
 * so the caller's clustering index can skip reading back its own rows.
 */
export async function storeScoredBatch(
  db: Db,
  tenantId: string,
  modelVersion: string,
  batch: ScoredAssignment[],
): Promise<StoredBatch> {
  if (batch.length === 0) return { ids: new Set(), signatureSeqs: [] };
  return db.transaction().execute(async (tx) => {
    const now = nowIso();
    const clusterIds = [...new Set(batch.map((a) => a.clusterId))];
    const existing = new Map(
      (
        await tx
          .selectFrom("clusters")
          .select(["id", "status"])
          .where("tenant_id", "=", tenantId)
          .where("id", "in", clusterIds)
          .execute()
      ).map((c) => [c.id, c.status]),
    );
    const created = new Map<string, string>();
    for (const a of batch) if (a.createdAt !== undefined) created.set(a.itemId, a.createdAt);
    const unknown = batch.filter((a) => a.createdAt === undefined).map((a) => a.itemId);
    if (unknown.length > 0) {
      const rows = await tx
        .selectFrom("items")
        .select(["id", "created_at"])
        .where("tenant_id", "=", tenantId)
        .where("id", "in", unknown)
        .execute();
      for (const r of rows) created.set(r.id, r.created_at);
    }
    const decided: ItemStatus[] = ["done", "dismissed"];
    const statusOf = (a: ScoredAssignment): ItemStatus => {
      const cs = existing.get(a.clusterId);
      return cs && decided.includes(cs) ? cs : "new";
    };
    // One UPDATE … FROM (VALUES …) per chunk instead of one statement per item; the
    // `status = 'pending'` guard makes a retried batch store nothing twice.
    const stored = new Set<string>();
    for (let i = 0; i < batch.length; i += 100) {
      const chunk = batch.slice(i, i + 100);
      const values = sql.join(
        chunk.map(
          (a) =>
            sql`(${a.itemId}, cast(${a.result.score} as double precision), ${JSON.stringify(a.result.reasons)}, ${statusOf(a)}, ${a.clusterId})`,
        ),
      );
      const res = await sql<{ id: string }>`
        update items set
          score = v.column2, reasons = v.column3, status = v.column4, cluster_id = v.column5,
          model_version = ${modelVersion}, scored_at = ${now}, updated_at = ${now}
        from (values ${values}) as v
        where items.id = v.column1 and items.tenant_id = ${tenantId} and items.status = 'pending'
        returning items.id`.execute(tx);
      for (const r of res.rows) stored.add(r.id);
    }
    const grown = new Map<string, { count: number; max: number; first: string; firstSeen: string }>();
    for (const a of batch) {
      if (!stored.has(a.itemId)) continue;
      const g = grown.get(a.clusterId);
      const createdAt = created.get(a.itemId) ?? now;
      if (g) {
        g.count += 1;
        g.max = Math.max(g.max, a.result.score);
        if (createdAt < g.firstSeen) g.firstSeen = createdAt;
      } else {
        grown.set(a.clusterId, { count: 1, max: a.result.score, first: a.itemId, firstSeen: createdAt });
      }
    }
    const fresh: ClusterRow[] = [];
    for (const [clusterId, g] of grown) {
      if (existing.has(clusterId)) {
        await tx
          .updateTable("clusters")
          .set((eb) => ({
            size: eb("size", "+", g.count),
            last_seen_at: now,
            max_score: sql<number>`case when max_score < ${g.max} then ${g.max} else max_score end`,
            updated_at: now,
          }))
          .where("tenant_id", "=", tenantId)
          .where("id", "=", clusterId)
          .execute();
      } else {
        fresh.push({
          id: clusterId,
          tenant_id: tenantId,
          representative_item_id: g.first,
          size: g.count,
          first_seen_at: g.firstSeen,
          last_seen_at: now,
          max_score: g.max,
          status: "new",
          verdict: null,
          claimed_by: null,
          claimed_until: null,
          created_at: now,
          updated_at: now,
        });
      }
    }
    for (let i = 0; i < fresh.length; i += 100) {
      await tx
        .insertInto("clusters")
        .values(fresh.slice(i, i + 100))
        .execute();
    }
    const kept = batch.filter((a) => stored.has(a.itemId));
    const signatureSeqs: number[] = [];
    for (let i = 0; i < kept.length; i += 200) {
      const rows = await tx
        .insertInto("item_signatures")
        .values(
          kept
            .slice(i, i + 200)
            .map((a) => ({ tenant_id: tenantId, item_id: a.itemId, cluster_id: a.clusterId, signature: a.signature })),
        )
        .returning("seq")
        .execute();
      for (const r of rows) signatureSeqs.push(Number(r.seq));
    }
    signatureSeqs.sort((x, y) => x - y);
    const matches = kept.flatMap((a) =>
      a.matches.map((m) => ({
        tenant_id: tenantId,
        item_id: a.itemId,
        clarification_id: m.clarificationId,
        similarity: m.similarity,
        created_at: now,
      })),
    );
    for (let i = 0; i < matches.length; i += 200) {
      await tx
        .insertInto("item_clarification_matches")
        .values(matches.slice(i, i + 200))
        .onConflict((oc) => oc.columns(["item_id", "clarification_id"]).doNothing())
        .execute();
    }
    const suggestions = kept.flatMap((a) =>
      (a.suggestions ?? [])
        .filter((g) => g.clusterId !== a.clusterId)
        .map((g) => ({ tenant_id: tenantId, item_id: a.itemId, cluster_id: g.clusterId, similarity: g.similarity })),
    );
    for (let i = 0; i < suggestions.length; i += 200) {
      await tx
        .insertInto("item_cluster_suggestions")
        .values(suggestions.slice(i, i + 200))
        .onConflict((oc) => oc.columns(["item_id", "cluster_id"]).doNothing())
        .execute();
    }
    return { ids: stored, signatureSeqs };
  });
}

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
  return db
    .selectFrom("clusters")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Distinct source names per cluster ("Laporan publik" for reports). */
export async function clusterSources(db: Db, tenantId: string, clusterIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (clusterIds.length === 0) return out;
  const rows = await db
    .selectFrom("items as i")
    .leftJoin("sources as s", (j) => j.onRef("s.id", "=", "i.source_id").onRef("s.tenant_id", "=", "i.tenant_id"))
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
  return db
    .selectFrom("items as i")
    .leftJoin("sources as s", (j) => j.onRef("s.id", "=", "i.source_id").onRef("s.tenant_id", "=", "i.tenant_id"))
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
 * members. Returns undefined if the cluster is not the clinic's.
 */
export async function recordClusterVerdict(
  db: Db,
  tenantId: string,
  input: { clusterId: string; userId: string; verdict: Verdict; note: string | null },
): Promise<{ members: number } | undefined> {
  return db.transaction().execute(async (tx) => {
    const cluster = await tx
      .selectFrom("clusters")
      .select("id")
      .where("tenant_id", "=", tenantId)
      .where("id", "=", input.clusterId)
      .executeTakeFirst();
    if (!cluster) return undefined;
    const now = nowIso();
    const members = await tx
      .selectFrom("items")
      .select("id")
      .where("tenant_id", "=", tenantId)
      .where("cluster_id", "=", cluster.id)
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
            note: input.note,
            created_at: now,
          })),
        )
        .execute();
    }
    await tx
      .updateTable("items")
      .set({ status: "done", updated_at: now })
      .where("tenant_id", "=", tenantId)
      .where("cluster_id", "=", cluster.id)
      .execute();
    await tx
      .updateTable("clusters")
      .set({ status: "done", verdict: input.verdict, claimed_by: null, claimed_until: null, updated_at: now })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", cluster.id)
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
