import type { ClarificationStatus, Verdict } from "@klinik/core";
import type { Db } from "../connect.ts";
import { storableText } from "../storable-text.ts";
import type { ClarificationCorrectionTable } from "../tables/index.ts";
import { newId, nowIso } from "../util.ts";
import { type Clarification, getClarification, unknownItemIds } from "./clarifications.repository.ts";

// Every function here takes (db, tenantId) first; ClinicDb binds them as `clinic.editorial.*`.

export interface ClarificationChanges {
  title?: string | undefined;
  body?: string | undefined;
  verdict?: Verdict | undefined;
  /** The full new list of linked items (replaces the old one). */
  itemIds?: string[] | undefined;
}

export type EditResult =
  | { kind: "edited"; clarification: Clarification; changed: string[] }
  | { kind: "unknown_items"; itemIds: string[] }
  | { kind: "wrong_status"; status: ClarificationStatus }
  | { kind: "missing" };

/**
 * Changes a clarification that is in one of `from` (checked in the same UPDATE, so a
 * concurrent publish or withdrawal is not overwritten). With `correction`, the change
 * is a correction of a published one: a correction row with its note is added and
 * `updated_at` (its dateModified) set, in one transaction.
 */
export async function editClarification(
  db: Db,
  tenantId: string,
  id: string,
  input: {
    from: ClarificationStatus[];
    changes: ClarificationChanges;
    correction?: { note: string; userId: string } | undefined;
  },
): Promise<EditResult> {
  return db.transaction().execute(async (tx) => {
    const before = await getClarification(tx, tenantId, id);
    if (!before) return { kind: "missing" as const };
    if (!input.from.includes(before.status)) return { kind: "wrong_status" as const, status: before.status };
    const c = input.changes;
    const itemIds = c.itemIds ? [...new Set(c.itemIds)] : undefined;
    const unknown = itemIds ? await unknownItemIds(tx, tenantId, itemIds) : [];
    if (unknown.length > 0) return { kind: "unknown_items" as const, itemIds: unknown };
    const set = {
      ...(c.title !== undefined ? { title: storableText(c.title) } : {}),
      ...(c.body !== undefined ? { body: storableText(c.body) } : {}),
      ...(c.verdict !== undefined ? { verdict: c.verdict } : {}),
    };
    const changed = [
      ...(set.title !== undefined && set.title !== before.title ? ["title"] : []),
      ...(set.body !== undefined && set.body !== before.body ? ["body"] : []),
      ...(set.verdict !== undefined && set.verdict !== before.verdict ? ["verdict"] : []),
      ...(itemIds && !sameSet(itemIds, before.item_ids) ? ["items"] : []),
    ];
    const now = nowIso();
    const res = await tx
      .updateTable("clarifications")
      .set({ ...set, ...(input.correction ? { updated_at: now } : {}) })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .where("status", "in", input.from)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return { kind: "wrong_status" as const, status: before.status };
    if (itemIds && changed.includes("items")) {
      await tx
        .deleteFrom("clarification_items")
        .where("tenant_id", "=", tenantId)
        .where("clarification_id", "=", id)
        .execute();
      if (itemIds.length > 0)
        await tx
          .insertInto("clarification_items")
          .values(itemIds.map((item_id) => ({ clarification_id: id, item_id, tenant_id: tenantId })))
          .execute();
    }
    if (input.correction) {
      await tx
        .insertInto("clarification_corrections")
        .values({
          id: newId(),
          tenant_id: tenantId,
          clarification_id: id,
          note: storableText(input.correction.note),
          changed: JSON.stringify(changed),
          created_by: input.correction.userId,
          created_at: now,
        })
        .execute();
    }
    const after = await getClarification(tx, tenantId, id);
    return after ? { kind: "edited" as const, clarification: after, changed } : { kind: "missing" as const };
  });
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Withdraws a published clarification: it leaves public lists, feeds and matching,
 * and its URL says it was withdrawn and why. `moved` is false when it was not published.
 */
export async function withdrawClarification(
  db: Db,
  tenantId: string,
  id: string,
  input: { reason: string; userId: string },
): Promise<{ clarification: Clarification; moved: boolean } | undefined> {
  const res = await db
    .updateTable("clarifications")
    .set({
      status: "withdrawn",
      withdrawn_at: nowIso(),
      withdrawn_reason: storableText(input.reason),
      withdrawn_by: input.userId,
    })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .where("status", "=", "published")
    .executeTakeFirst();
  const clarification = await getClarification(db, tenantId, id);
  return clarification && { clarification, moved: Number(res.numUpdatedRows) === 1 };
}

export type Correction = Omit<ClarificationCorrectionTable, "changed"> & { changed: string[] };

/** The corrections of a clarification, oldest first (the public page lists them all). */
export async function listCorrections(db: Db, tenantId: string, clarificationId: string): Promise<Correction[]> {
  const rows = await db
    .selectFrom("clarification_corrections")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("clarification_id", "=", clarificationId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ ...r, changed: parseChanged(r.changed) }));
}

function parseChanged(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** The claims (clusters) the clarifications' items belong to, with their verdicts now. */
export async function linkedClaimVerdicts(
  db: Db,
  tenantId: string,
  clarificationIds: string[],
): Promise<{ clarification_id: string; cluster_id: string; verdict: Verdict | null }[]> {
  if (clarificationIds.length === 0) return [];
  return db
    .selectFrom("clarification_items as ci")
    .innerJoin("items as i", (j) => j.onRef("i.id", "=", "ci.item_id").onRef("i.tenant_id", "=", "ci.tenant_id"))
    .innerJoin("clusters as c", (j) => j.onRef("c.id", "=", "i.cluster_id").onRef("c.tenant_id", "=", "i.tenant_id"))
    .select(["ci.clarification_id", "c.id as cluster_id", "c.verdict"])
    .distinct()
    .where("ci.tenant_id", "=", tenantId)
    .where("ci.clarification_id", "in", clarificationIds)
    .execute();
}

/** Ids of the clinic's published clarifications linked to a claim's items (their pages change with its verdict). */
export async function clarificationsOfClaim(db: Db, tenantId: string, clusterId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("clarification_items as ci")
    .innerJoin("items as i", (j) => j.onRef("i.id", "=", "ci.item_id").onRef("i.tenant_id", "=", "ci.tenant_id"))
    .select("ci.clarification_id")
    .distinct()
    .where("ci.tenant_id", "=", tenantId)
    .where("i.cluster_id", "=", clusterId)
    .execute();
  return rows.map((r) => r.clarification_id);
}

/**
 * What the public feeds last changed: the newest publication, correction or withdrawal,
 * and how many are published (ETag and Last-Modified of the feeds) — of one clinic, or
 * of every clinic when `tenantId` is null (the instance-wide feeds, cross-clinic.repository.ts).
 */
export async function publishedVersion(
  db: Db,
  tenantId: string | null,
): Promise<{ last: string | null; count: number }> {
  let q = db
    .selectFrom("clarifications")
    .select((eb) => [
      eb.fn.max("published_at").as("p"),
      eb.fn.max("updated_at").as("u"),
      eb.fn.max("withdrawn_at").as("w"),
      eb.fn.count<number>("id").filterWhere("status", "=", "published").as("n"),
    ])
    .where("status", "in", ["published", "withdrawn"]);
  if (tenantId !== null) q = q.where("tenant_id", "=", tenantId);
  const r = await q.executeTakeFirst();
  const last =
    [r?.p, r?.u, r?.w]
      .filter((x): x is string => typeof x === "string")
      .sort()
      .at(-1) ?? null;
  return { last, count: Number(r?.n ?? 0) };
}
