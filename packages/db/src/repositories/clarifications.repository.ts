import type { Verdict } from "@klinik/core";
import type { Db } from "../connect.ts";
import type { ClarificationTable } from "../tables/index.ts";
import { newId, nowIso } from "../util.ts";

export type ClarificationRow = ClarificationTable;
export interface Clarification extends ClarificationRow {
  item_ids: string[];
}

export type CreateClarificationResult =
  | { ok: true; clarification: Clarification }
  | { ok: false; unknownItemIds: string[] };

/** Creates a draft; every linked item must belong to the same clinic. */
export async function createClarification(
  db: Db,
  tenantId: string,
  input: { title: string; body: string; verdict: Verdict; itemIds: string[]; userId: string },
): Promise<CreateClarificationResult> {
  const itemIds = [...new Set(input.itemIds)];
  return db.transaction().execute(async (tx) => {
    if (itemIds.length > 0) {
      const found = await tx
        .selectFrom("items")
        .select("id")
        .where("tenant_id", "=", tenantId)
        .where("id", "in", itemIds)
        .execute();
      const have = new Set(found.map((r) => r.id));
      const unknown = itemIds.filter((id) => !have.has(id));
      if (unknown.length > 0) return { ok: false as const, unknownItemIds: unknown };
    }
    const row: ClarificationRow = {
      id: newId(),
      tenant_id: tenantId,
      title: input.title,
      body: input.body,
      verdict: input.verdict,
      status: "draft",
      created_by: input.userId,
      created_at: nowIso(),
      published_at: null,
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

async function withItemIds(db: Db, rows: ClarificationRow[]): Promise<Clarification[]> {
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom("clarification_items")
    .select(["clarification_id", "item_id"])
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
  const row = await db
    .selectFrom("clarifications")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  const [c] = await withItemIds(db, [row]);
  return c;
}

/** Publishes a draft (idempotent: publishing twice keeps the first publication time). */
export async function publishClarification(db: Db, tenantId: string, id: string): Promise<Clarification | undefined> {
  await db
    .updateTable("clarifications")
    .set({ status: "published", published_at: nowIso() })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .where("status", "=", "draft")
    .execute();
  return getClarification(db, tenantId, id);
}

export async function listClarifications(
  db: Db,
  tenantId: string,
  opts: { status?: "draft" | "published"; limit: number; before?: string | undefined },
): Promise<Clarification[]> {
  let q = db.selectFrom("clarifications").selectAll().where("tenant_id", "=", tenantId);
  if (opts.status) q = q.where("status", "=", opts.status);
  if (opts.before) q = q.where("created_at", "<", opts.before);
  const rows = await q.orderBy("created_at", "desc").orderBy("id").limit(opts.limit).execute();
  return withItemIds(db, rows);
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

export interface PublishedClarificationText {
  id: string;
  tenant_id: string;
  title: string;
  body: string;
  published_at: string;
  /** Signatures of the items the clarification answers (base64), and their texts' word counts are in the signature. */
  item_signatures: string[];
}

/**
 * Published clarifications of EVERY clinic published after `after`, with the
 * signatures of their linked items: what cross-clinic matching indexes.
 */
export async function publishedClarificationsAfter(
  db: Db,
  after: string,
  limit: number,
): Promise<PublishedClarificationText[]> {
  const rows = await db
    .selectFrom("clarifications")
    .select(["id", "tenant_id", "title", "body", "published_at"])
    .where("status", "=", "published")
    .where("published_at", ">=", after)
    .orderBy("published_at")
    .limit(limit)
    .execute();
  return withItemSignatures(db, rows, after);
}

/** One published clarification with the signatures of its linked items (any clinic), or undefined. */
export async function getPublishedClarificationForMatching(
  db: Db,
  id: string,
): Promise<PublishedClarificationText | undefined> {
  const rows = await db
    .selectFrom("clarifications")
    .select(["id", "tenant_id", "title", "body", "published_at"])
    .where("id", "=", id)
    .where("status", "=", "published")
    .execute();
  return (await withItemSignatures(db, rows, ""))[0];
}

async function withItemSignatures(
  db: Db,
  rows: { id: string; tenant_id: string; title: string; body: string; published_at: string | null }[],
  after: string,
): Promise<PublishedClarificationText[]> {
  if (rows.length === 0) return [];
  const sigs = await db
    .selectFrom("clarification_items as ci")
    .innerJoin("item_signatures as s", (j) =>
      j.onRef("s.item_id", "=", "ci.item_id").onRef("s.tenant_id", "=", "ci.tenant_id"),
    )
    .select(["ci.clarification_id", "s.signature"])
    .where(
      "ci.clarification_id",
      "in",
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => ({
    ...r,
    published_at: r.published_at ?? after,
    item_signatures: sigs.filter((s) => s.clarification_id === r.id).map((s) => s.signature),
  }));
}

/** Public view of clarifications by id, any clinic, published only. */
export async function getPublishedClarificationsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("clarifications as c")
    .innerJoin("tenants as t", "t.id", "c.tenant_id")
    .select([
      "c.id",
      "c.title",
      "c.body",
      "c.verdict",
      "c.published_at",
      "t.slug as clinic_slug",
      "t.name as clinic_name",
    ])
    .where("c.id", "in", ids)
    .where("c.status", "=", "published")
    .execute();
}
