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

export type ClarificationLock =
  | { kind: "locked"; until: string; tookOver: string | null }
  | { kind: "held"; holderId: string; holderName: string | null; until: string };

function lockRow(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom("clarifications as c")
    .leftJoin("users as u", (j) => j.onRef("u.id", "=", "c.locked_by").onRef("u.tenant_id", "=", "c.tenant_id"))
    .select(["c.locked_by", "c.locked_until", "u.name"])
    .where("c.tenant_id", "=", tenantId)
    .where("c.id", "=", id)
    .executeTakeFirst();
}

/**
 * Takes (or renews) the short soft lock on a clarification for `userId` until `until`:
 * free, expired or the caller's own. With `takeover`, a colleague's live lock is taken
 * over (`tookOver` names who held it). Answers who holds it otherwise, and undefined
 * when the clarification is not the clinic's.
 */
export async function lockClarification(
  db: Db,
  tenantId: string,
  input: { id: string; userId: string; until: string; takeover?: boolean },
): Promise<ClarificationLock | undefined> {
  const now = nowIso();
  const before = await lockRow(db, tenantId, input.id);
  if (!before) return undefined;
  const res = await db
    .updateTable("clarifications")
    .set({ locked_by: input.userId, locked_until: input.until })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", input.id)
    .where((eb) => {
      const free = eb.or([
        eb("locked_by", "is", null),
        eb("locked_by", "=", input.userId),
        eb("locked_until", "<", now),
      ]);
      // Taking over replaces exactly the lock the caller saw, not one taken since.
      return input.takeover && before.locked_by ? eb.or([free, eb("locked_by", "=", before.locked_by)]) : free;
    })
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 1) {
    const live = !!before.locked_by && before.locked_by !== input.userId && (before.locked_until ?? "") >= now;
    return { kind: "locked", until: input.until, tookOver: live ? (before.locked_by ?? null) : null };
  }
  const c = await lockRow(db, tenantId, input.id);
  if (!c) return undefined;
  return { kind: "held", holderId: c.locked_by ?? "", holderName: c.name, until: c.locked_until ?? now };
}

/** Lets go of the caller's lock on a clarification; true when there was one to let go. */
export async function unlockClarification(db: Db, tenantId: string, id: string, userId: string): Promise<boolean> {
  const res = await db
    .updateTable("clarifications")
    .set({ locked_by: null, locked_until: null })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .where("locked_by", "=", userId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Who holds a live lock on a clarification (undefined when nobody does). */
export async function clarificationLockHolder(
  db: Db,
  tenantId: string,
  id: string,
  now: string = nowIso(),
): Promise<{ id: string; name: string | null; until: string } | undefined> {
  const c = await lockRow(db, tenantId, id);
  if (!c?.locked_by || !c.locked_until || c.locked_until < now) return undefined;
  return { id: c.locked_by, name: c.name, until: c.locked_until };
}
