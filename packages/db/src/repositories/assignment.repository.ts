import type { Db } from "../connect.ts";
import { nowIso } from "../util.ts";
import { ownsRow } from "./clinic-rows.ts";

/**
 * Names who should decide open claims and by when. Assignment is not a lock: it
 * never changes `claimed_by`, and opening the claim leaves the due time as it is.
 * Answers how many claims changed (0 when the assignee is not the clinic's).
 */
export async function assignClusters(
  db: Db,
  tenantId: string,
  input: { clusterIds: string[]; assigneeId: string | null; assignedBy: string; due: string | null },
): Promise<number> {
  if (input.clusterIds.length === 0) return 0;
  if (input.assigneeId && !(await ownsRow(db, tenantId, "users", input.assigneeId))) return 0;
  const res = await db
    .updateTable("clusters")
    .set({
      assignee_id: input.assigneeId,
      assigned_by: input.assigneeId ? input.assignedBy : null,
      due_at: input.assigneeId ? input.due : null,
      updated_at: nowIso(),
    })
    .where("tenant_id", "=", tenantId)
    .where("id", "in", input.clusterIds)
    .where("status", "in", ["new", "in_review"])
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Frees every soft lock a person holds (claims and clarifications): on logout. */
export async function releaseLocksOf(db: Db, tenantId: string, userId: string): Promise<number> {
  const now = nowIso();
  const res = await db
    .updateTable("clusters")
    .set({ status: "new", claimed_by: null, claimed_until: null, updated_at: now })
    .where("tenant_id", "=", tenantId)
    .where("status", "=", "in_review")
    .where("claimed_by", "=", userId)
    .executeTakeFirst();
  await db
    .updateTable("clarifications")
    .set({ locked_by: null, locked_until: null })
    .where("tenant_id", "=", tenantId)
    .where("locked_by", "=", userId)
    .execute();
  return Number(res.numUpdatedRows);
}
