import type { ItemStatus, ScoreResult } from "@klinik/core";
import { PostgresAdapter, sql } from "kysely";
import type { Db } from "../connect.ts";
import { nowIso } from "../util.ts";
import type { ClusterRow } from "./clusters.repository.ts";

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
  /** Claims this call started (to notify whoever follows new claims of the clinic). */
  created: { id: string; maxScore: number; representativeItemId: string }[];
  /**
   * True when `seenThrough` was given and another writer stored signatures of this
   * clinic after it: nothing was written, the caller catches up and decides again.
   */
  stale?: boolean;
}

export interface StoreOptions {
  /**
   * The last `item_signatures.seq` of this clinic the caller's claim index has read.
   * The store refuses (`stale`) when the clinic has a later signature, so a claim is
   * never decided on an index that missed a near-duplicate stored meanwhile.
   */
  seenThrough?: number;
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
  opts: StoreOptions = {},
): Promise<StoredBatch> {
  if (batch.length === 0) return { ids: new Set(), signatureSeqs: [], created: [] };
  return db.transaction().execute(async (tx) => {
    await lockClinicSignatures(tx, tenantId);
    if (opts.seenThrough !== undefined && (await hasSignatureAfter(tx, tenantId, opts.seenThrough))) {
      return { ids: new Set<string>(), signatureSeqs: [], created: [], stale: true };
    }
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
    const started = fresh.map((c) => ({
      id: c.id,
      maxScore: c.max_score,
      representativeItemId: c.representative_item_id,
    }));
    return { ids: stored, signatureSeqs, created: started };
  });
}

/**
 * One writer of a clinic's signatures at a time, from before its `seq` numbers are drawn
 * until it commits. Postgres hands out sequence numbers in one order and commits in
 * another (4.6% of rows committed after a higher number of the same clinic when two
 * processes wrote at once), so a reader that saw seq 101 could later miss 100 for good.
 * Under this lock a clinic's rows commit in seq order, and a catch-up that reads
 * `seq > last read` cannot skip one. SQLite's `begin immediate` already serialises writers.
 * A transaction-scoped advisory lock is released by the commit or by a dropped connection.
 */
async function lockClinicSignatures(tx: Db, tenantId: string): Promise<void> {
  if (!(tx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended('klinik:item_signatures:' || ${tenantId}, 0))`.execute(tx);
}

async function hasSignatureAfter(tx: Db, tenantId: string, seq: number): Promise<boolean> {
  const row = await tx
    .selectFrom("item_signatures")
    .select("seq")
    .where("tenant_id", "=", tenantId)
    .where("seq", ">", seq)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
