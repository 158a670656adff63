import type { ClarificationStatus, Verdict } from "@klinik/core";
import type { Db } from "../connect.ts";
import { storableText } from "../storable-text.ts";
import type { ClarificationTable } from "../tables/index.ts";
import { newId, nowIso } from "../util.ts";
import { findOwnRow } from "./clinic-rows.ts";

export type ClarificationRow = ClarificationTable;
export interface Clarification extends ClarificationRow {
  item_ids: string[];
}

export type CreateClarificationResult =
  | { ok: true; clarification: Clarification }
  | { ok: false; unknownItemIds: string[] };

/** Which of these ids are not items of the clinic (a clarification may link only its own). */
export async function unknownItemIds(db: Db, tenantId: string, itemIds: readonly string[]): Promise<string[]> {
  if (itemIds.length === 0) return [];
  const found = await db
    .selectFrom("items")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("id", "in", itemIds)
    .execute();
  const have = new Set(found.map((r) => r.id));
  return itemIds.filter((id) => !have.has(id));
}

/** Creates a draft; every linked item must belong to the same clinic. */
export async function createClarification(
  db: Db,
  tenantId: string,
  input: { title: string; body: string; verdict: Verdict; itemIds: string[]; userId: string },
): Promise<CreateClarificationResult> {
  const itemIds = [...new Set(input.itemIds)];
  return db.transaction().execute(async (tx) => {
    const unknown = await unknownItemIds(tx, tenantId, itemIds);
    if (unknown.length > 0) return { ok: false as const, unknownItemIds: unknown };
    const row: ClarificationRow = {
      id: newId(),
      tenant_id: tenantId,
      title: storableText(input.title),
      body: storableText(input.body),
      verdict: input.verdict,
      status: "draft",
      created_by: input.userId,
      created_at: nowIso(),
      published_at: null,
      submitted_by: null,
      published_by: null,
      updated_at: null,
      withdrawn_at: null,
      withdrawn_reason: null,
      withdrawn_by: null,
    };
    await tx.insertInto("clarifications").values(row).execute();
    if (itemIds.length > 0) {
      await tx
        .insertInto("clarification_items")
        .values(itemIds.map((item_id) => ({ clarification_id: row.id, item_id, tenant_id: tenantId })))
        .execute();
    }
    return { ok: true as const, clarification: { ...row, item_ids: itemIds } };
  });
}

async function withItemIds(db: Db, tenantId: string, rows: ClarificationRow[]): Promise<Clarification[]> {
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom("clarification_items")
    .select(["clarification_id", "item_id"])
    .where("tenant_id", "=", tenantId)
    .where(
      "clarification_id",
      "in",
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => ({
    ...r,
    item_ids: links.filter((l) => l.clarification_id === r.id).map((l) => l.item_id),
  }));
}

export async function getClarification(db: Db, tenantId: string, id: string): Promise<Clarification | undefined> {
  const row = await findOwnRow(db, tenantId, "clarifications", id);
  if (!row) return undefined;
  const [c] = await withItemIds(db, tenantId, [row]);
  return c;
}

/**
 * Moves a clarification between statuses: `draft` → `pending` (an analyst submits it
 * for a publisher's approval), `pending` → `draft` (sent back), `draft`/`pending` →
 * `published`. `moved` is false when it was not in one of `from` (it is returned as it is).
 */
export async function moveClarification(
  db: Db,
  tenantId: string,
  id: string,
  move: { from: ClarificationStatus[]; to: ClarificationStatus; userId: string | null },
): Promise<{ clarification: Clarification; moved: boolean } | undefined> {
  const set =
    move.to === "published"
      ? { status: move.to, published_at: nowIso(), published_by: move.userId }
      : move.to === "pending"
        ? { status: move.to, submitted_by: move.userId }
        : { status: move.to, submitted_by: null };
  const res = await db
    .updateTable("clarifications")
    .set(set)
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .where("status", "in", move.from)
    .executeTakeFirst();
  const clarification = await getClarification(db, tenantId, id);
  return clarification && { clarification, moved: Number(res.numUpdatedRows) === 1 };
}

/** Publishes a draft or pending one (idempotent: publishing twice keeps the first publication time). */
export async function publishClarification(db: Db, tenantId: string, id: string): Promise<Clarification | undefined> {
  const r = await moveClarification(db, tenantId, id, { from: ["draft", "pending"], to: "published", userId: null });
  return r?.clarification;
}

export async function listClarifications(
  db: Db,
  tenantId: string,
  opts: { status?: ClarificationStatus; limit: number; before?: string | undefined },
): Promise<Clarification[]> {
  let q = db.selectFrom("clarifications").selectAll().where("tenant_id", "=", tenantId);
  if (opts.status) q = q.where("status", "=", opts.status);
  if (opts.before) q = q.where("created_at", "<", opts.before);
  const rows = await q.orderBy("created_at", "desc").orderBy("id").limit(opts.limit).execute();
  return withItemIds(db, tenantId, rows);
}

/** Published clarifications of a clinic, newest first: what the public sees. */
export async function listPublishedClarifications(
  db: Db,
  tenantId: string,
  opts: { limit: number; before?: string | undefined },
): Promise<ClarificationRow[]> {
  let q = db
    .selectFrom("clarifications")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("status", "=", "published");
  if (opts.before) q = q.where("published_at", "<", opts.before);
  return q.orderBy("published_at", "desc").orderBy("id").limit(opts.limit).execute();
}

/** A saved clarification's id, or the messages the editor ticked (its preview, before saving). */
export type AppearancesOf = string | { items: readonly string[] };

/**
 * How the claim circulated: the messages a clarification answers, earliest first, at most
 * `limit` (for its page); another clinic's never.
 */
export async function clarificationAppearances(db: Db, tenantId: string, of: AppearancesOf, limit = 5) {
  const q = db
    .selectFrom("items as i")
    .select(["i.id", "i.title", "i.text", "i.url", "i.published_at", "i.created_at"])
    .where("i.tenant_id", "=", tenantId)
    .orderBy("i.created_at")
    .limit(limit);
  if (typeof of !== "string")
    return of.items.length === 0 ? [] : q.where("i.id", "in", of.items.slice(0, 500)).execute();
  const linked = db
    .selectFrom("clarification_items")
    .select("item_id")
    .where("tenant_id", "=", tenantId)
    .where("clarification_id", "=", of);
  return q.where("i.id", "in", linked).execute();
}
