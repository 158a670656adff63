import type { ItemStatus, Verdict } from "@klinik/core";
import type { Db } from "../connect.ts";
import type { ReviewActionTable } from "../tables/index.ts";
import { newId, nowIso } from "../util.ts";

export type ReviewActionRow = ReviewActionTable;

/** Opens a review action (one verdict or dismissal on one or many claims); its claims are added as they change. */
export async function startReviewAction(
  db: Db,
  tenantId: string,
  input: { userId: string; kind: ReviewActionRow["kind"]; verdict: Verdict | null },
): Promise<string> {
  const id = newId();
  await db
    .insertInto("review_actions")
    .values({
      id,
      tenant_id: tenantId,
      user_id: input.userId,
      kind: input.kind,
      verdict: input.verdict,
      created_at: nowIso(),
      undone_at: null,
      undone_by: null,
    })
    .execute();
  return id;
}

/** Remembers a claim's state before an action changes it (called inside the change's transaction). */
export async function rememberBefore(
  tx: Db,
  tenantId: string,
  actionId: string,
  before: { clusterId: string; status: ItemStatus; verdict: Verdict | null },
): Promise<void> {
  await tx
    .insertInto("review_action_clusters")
    .values({
      action_id: actionId,
      tenant_id: tenantId,
      cluster_id: before.clusterId,
      before_status: before.status,
      before_verdict: before.verdict,
      reverted_at: null,
      reverted_by: null,
    })
    .onConflict((oc) => oc.columns(["action_id", "cluster_id"]).doNothing())
    .execute();
}

export async function getReviewAction(db: Db, tenantId: string, id: string) {
  const action = await db
    .selectFrom("review_actions")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!action) return undefined;
  const clusters = await db
    .selectFrom("review_action_clusters")
    .select(["cluster_id", "before_status", "before_verdict", "reverted_at"])
    .where("tenant_id", "=", tenantId)
    .where("action_id", "=", id)
    .execute();
  return { ...action, clusters };
}

export type UndoOutcome = { reverted: string[]; changedSince: string[] };

/**
 * Puts the action's claims (or only `clusterId`) back as they were before it: status and
 * verdict restored, members reopened, the verdict rows it wrote marked reverted (kept as
 * history). A claim someone changed since (another verdict) is left alone and reported.
 */
export async function undoReviewAction(
  db: Db,
  tenantId: string,
  input: { actionId: string; userId: string; clusterId?: string },
): Promise<UndoOutcome | undefined> {
  return db.transaction().execute(async (tx) => {
    const action = await tx
      .selectFrom("review_actions")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("id", "=", input.actionId)
      .executeTakeFirst();
    if (!action) return undefined;
    let q = tx
      .selectFrom("review_action_clusters as a")
      .innerJoin("clusters as c", (j) => j.onRef("c.id", "=", "a.cluster_id").onRef("c.tenant_id", "=", "a.tenant_id"))
      .select(["a.cluster_id", "a.before_status", "a.before_verdict", "c.status", "c.verdict"])
      .where("a.tenant_id", "=", tenantId)
      .where("a.action_id", "=", input.actionId)
      .where("a.reverted_at", "is", null);
    if (input.clusterId) q = q.where("a.cluster_id", "=", input.clusterId);
    const rows = await q.execute();
    const now = nowIso();
    const out: UndoOutcome = { reverted: [], changedSince: [] };
    for (const r of rows) {
      const still =
        action.kind === "dismiss" ? r.status === "dismissed" : r.status === "done" && r.verdict === action.verdict;
      if (!still) {
        out.changedSince.push(r.cluster_id);
        continue;
      }
      // A claim someone was editing goes back open; the lock is not restored.
      const status: ItemStatus = r.before_status === "in_review" ? "new" : r.before_status;
      await tx
        .updateTable("clusters")
        .set({ status, verdict: r.before_verdict, claimed_by: null, claimed_until: null, updated_at: now })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", r.cluster_id)
        .execute();
      await tx
        .updateTable("items")
        .set({ status, updated_at: now })
        .where("tenant_id", "=", tenantId)
        .where("cluster_id", "=", r.cluster_id)
        .execute();
      await tx
        .updateTable("verdicts")
        .set({ reverted_at: now, reverted_by: input.userId })
        .where("tenant_id", "=", tenantId)
        .where("action_id", "=", input.actionId)
        .where("reverted_at", "is", null)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom("items as i")
              .select("i.id")
              .where("i.tenant_id", "=", tenantId)
              .whereRef("i.id", "=", "verdicts.item_id")
              .where("i.cluster_id", "=", r.cluster_id),
          ),
        )
        .execute();
      await tx
        .updateTable("review_action_clusters")
        .set({ reverted_at: now, reverted_by: input.userId })
        .where("tenant_id", "=", tenantId)
        .where("action_id", "=", input.actionId)
        .where("cluster_id", "=", r.cluster_id)
        .execute();
      out.reverted.push(r.cluster_id);
    }
    const left = await tx
      .selectFrom("review_action_clusters")
      .select("cluster_id")
      .where("tenant_id", "=", tenantId)
      .where("action_id", "=", input.actionId)
      .where("reverted_at", "is", null)
      .executeTakeFirst();
    if (!left) {
      await tx
        .updateTable("review_actions")
        .set({ undone_at: now, undone_by: input.userId })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", input.actionId)
        .where("undone_at", "is", null)
        .execute();
    }
    return out;
  });
}
