import type { Verdict } from "@klinik/core";
import type { Db } from "../connect.ts";
import { nowIso } from "../util.ts";
import { assignClusters } from "./assignment.repository.ts";
import { type ClusterRow, recordClusterVerdict } from "./clusters.repository.ts";
import { rememberBefore, startReviewAction } from "./review-actions.repository.ts";

/** Frees claims whose holder walked away, so the queue shows them as new again. */
export async function releaseExpiredClaims(db: Db, tenantId: string, now: string = nowIso()): Promise<number> {
  const res = await db
    .updateTable("clusters")
    .set({ status: "new", claimed_by: null, claimed_until: null, updated_at: now })
    .where("tenant_id", "=", tenantId)
    .where("status", "=", "in_review")
    .where("claimed_until", "<", now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export type ClaimResult =
  | { kind: "claimed"; until: string }
  | { kind: "held"; holderId: string; holderName: string | null; until: string }
  | { kind: "closed" };

/**
 * Claims an open cluster for `userId` until `until` (or renews the caller's own
 * claim). Answers who holds it when someone else's claim is still live, and
 * undefined when the cluster is not the clinic's.
 */
export async function claimCluster(
  db: Db,
  tenantId: string,
  input: { clusterId: string; userId: string; until: string },
): Promise<ClaimResult | undefined> {
  const now = nowIso();
  const res = await db
    .updateTable("clusters")
    .set({ status: "in_review", claimed_by: input.userId, claimed_until: input.until, updated_at: now })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", input.clusterId)
    .where("status", "in", ["new", "in_review"])
    .where((eb) =>
      eb.or([eb("claimed_by", "is", null), eb("claimed_by", "=", input.userId), eb("claimed_until", "<", now)]),
    )
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 1) return { kind: "claimed", until: input.until };
  const c = await db
    .selectFrom("clusters as c")
    .leftJoin("users as u", (j) => j.onRef("u.id", "=", "c.claimed_by").onRef("u.tenant_id", "=", "c.tenant_id"))
    .select(["c.status", "c.claimed_by", "c.claimed_until", "u.name"])
    .where("c.tenant_id", "=", tenantId)
    .where("c.id", "=", input.clusterId)
    .executeTakeFirst();
  if (!c) return undefined;
  if (c.status === "done" || c.status === "dismissed" || !c.claimed_by || !c.claimed_until) return { kind: "closed" };
  return { kind: "held", holderId: c.claimed_by, holderName: c.name, until: c.claimed_until };
}

/** Gives a claim back to the queue, only if the caller holds it. */
export async function releaseClaim(db: Db, tenantId: string, clusterId: string, userId: string): Promise<void> {
  await db
    .updateTable("clusters")
    .set({ status: "new", claimed_by: null, claimed_until: null, updated_at: nowIso() })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", clusterId)
    .where("status", "=", "in_review")
    .where("claimed_by", "=", userId)
    .execute();
}

/** True when another analyst's live claim covers the cluster. */
export function heldByOther(
  c: Pick<ClusterRow, "status" | "claimed_by" | "claimed_until">,
  userId: string,
  now = nowIso(),
) {
  return (
    c.status === "in_review" && !!c.claimed_by && c.claimed_by !== userId && !!c.claimed_until && c.claimed_until > now
  );
}

export type BulkAction =
  | { kind: "verdict"; verdict: Verdict; note: string | null }
  | { kind: "dismiss" }
  | { kind: "assign"; assigneeId: string; due: string };

export type BulkOutcome = { applied: number; skipped: number; actionId: string | null };

/**
 * Applies one action to many clusters of a clinic. Verdicts and dismissals skip (and
 * count) clusters a colleague is editing and are one review action (undoable as a
 * whole); an assignment names the assignee on every open cluster, locks or not.
 */
export async function applyBulk(
  db: Db,
  tenantId: string,
  userId: string,
  clusterIds: string[],
  action: BulkAction,
): Promise<BulkOutcome> {
  const ids = [...new Set(clusterIds)].slice(0, 500);
  if (ids.length === 0) return { applied: 0, skipped: 0, actionId: null };
  if (action.kind === "assign") {
    const applied = await assignClusters(db, tenantId, {
      clusterIds: ids,
      assigneeId: action.assigneeId,
      assignedBy: userId,
      due: action.due,
    });
    return { applied, skipped: ids.length - applied, actionId: null };
  }
  const rows = await db
    .selectFrom("clusters")
    .select(["id", "status", "verdict", "claimed_by", "claimed_until"])
    .where("tenant_id", "=", tenantId)
    .where("id", "in", ids)
    .execute();
  const now = nowIso();
  const free = rows.filter((r) => !heldByOther(r, userId, now));
  const skipped = ids.length - free.length;
  if (free.length === 0) return { applied: 0, skipped, actionId: null };
  const actionId = await startReviewAction(db, tenantId, {
    userId,
    kind: action.kind,
    verdict: action.kind === "verdict" ? action.verdict : null,
  });
  if (action.kind === "verdict") {
    for (const r of free) {
      await recordClusterVerdict(db, tenantId, {
        clusterId: r.id,
        userId,
        verdict: action.verdict,
        note: action.note,
        actionId,
      });
    }
    return { applied: free.length, skipped, actionId };
  }
  const freeIds = free.map((r) => r.id);
  await db.transaction().execute(async (tx) => {
    for (const r of free) await rememberBefore(tx, tenantId, actionId, { clusterId: r.id, ...r });
    await tx
      .updateTable("clusters")
      .set({ status: "dismissed", claimed_by: null, claimed_until: null, updated_at: now })
      .where("tenant_id", "=", tenantId)
      .where("id", "in", freeIds)
      .execute();
    await tx
      .updateTable("items")
      .set({ status: "dismissed", updated_at: now })
      .where("tenant_id", "=", tenantId)
      .where("cluster_id", "in", freeIds)
      .execute();
  });
  return { applied: free.length, skipped, actionId };
}
