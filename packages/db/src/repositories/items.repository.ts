import type { ItemStatus, ScoreReason } from "@klinik/core";
import { contentHash } from "@klinik/core";
import type { Db } from "../connect.ts";
import { storableText } from "../storable-text.ts";
import type { ItemTable } from "../tables/index.ts";
import { newId, nowIso } from "../util.ts";
import { findOwnRow, itemsWithSourceName } from "./clinic-rows.ts";

export type ItemRow = ItemTable;

export interface NewItem {
  tenantId: string;
  sourceId: string | null;
  reportId: string | null;
  dedupKey: string;
  externalId: string | null;
  url: string | null;
  title: string | null;
  text: string;
  author: string | null;
  publishedAt: string | null;
}

/** A new item's row, its outside text made storable (see storableText). */
export function newItemRow(i: NewItem, now: string = nowIso()): ItemRow {
  const title = storableText(i.title);
  const text = storableText(i.text);
  return {
    id: newId(),
    tenant_id: i.tenantId,
    source_id: i.sourceId,
    report_id: i.reportId,
    dedup_key: storableText(i.dedupKey),
    external_id: storableText(i.externalId),
    url: storableText(i.url),
    title,
    text,
    author: storableText(i.author),
    published_at: storableText(i.publishedAt),
    content_hash: contentHash(title, text),
    score: null,
    reasons: null,
    model_version: null,
    status: "pending",
    cluster_id: null,
    scored_at: null,
    created_at: now,
    updated_at: now,
  };
}

/** An item as a clinic-bound caller gives it: the clinic comes from the handle. */
export type ClinicItem = Omit<NewItem, "tenantId">;

/**
 * Inserts items, ignoring those whose (tenant, dedup key) already exists.
 * Returns how many were new and the ids of every given item still waiting for
 * the classifier — new or left pending by an earlier crashed attempt — so the
 * caller can (re-)enqueue them; enqueueing by item id is idempotent.
 */
export async function insertItems(
  db: Db,
  tenantId: string,
  // NewItem's tenantId is ignored (kept while unguarded callers still pass it).
  items: readonly (ClinicItem | NewItem)[],
): Promise<{ inserted: number; pendingIds: string[] }> {
  if (items.length === 0) return { inserted: 0, pendingIds: [] };
  const now = nowIso();
  let inserted = 0;
  const pendingIds: string[] = [];
  // Chunks keep every statement under SQLite's bound-parameter limit. No transaction
  // of its own, so callers can run it inside theirs; the insert is idempotent anyway.
  for (let i = 0; i < items.length; i += 200) {
    const rows = items.slice(i, i + 200).map((it) => newItemRow({ ...it, tenantId }, now));
    const added = await db
      .insertInto("items")
      .values(rows)
      .onConflict((oc) => oc.columns(["tenant_id", "dedup_key"]).doNothing())
      .returning("id")
      .execute();
    inserted += added.length;
    const pending = await db
      .selectFrom("items")
      .select("id")
      .where("tenant_id", "=", tenantId)
      .where(
        "dedup_key",
        "in",
        rows.map((r) => r.dedup_key),
      )
      .where("status", "=", "pending")
      .execute();
    for (const p of pending) pendingIds.push(p.id);
  }
  return { inserted, pendingIds };
}

/** Which of the given dedup keys already exist for the clinic (as stored: see storableText). */
export async function existingDedupKeys(db: Db, tenantId: string, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom("items")
      .select("dedup_key")
      .where("tenant_id", "=", tenantId)
      .where(
        "dedup_key",
        "in",
        keys.slice(i, i + 500).map((k) => storableText(k)),
      )
      .execute();
    for (const r of rows) found.add(r.dedup_key);
  }
  return found;
}

export async function getItem(db: Db, tenantId: string, id: string): Promise<ItemRow | undefined> {
  return findOwnRow(db, tenantId, "items", id);
}

/** The classifier's read: the given items of the clinic that still wait for a score. */
export async function getPendingItems(
  db: Db,
  tenantId: string,
  ids: readonly string[],
): Promise<Pick<ItemRow, "id" | "title" | "text" | "url" | "created_at">[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom("items")
    .select(["id", "title", "text", "url", "created_at"])
    .where("tenant_id", "=", tenantId)
    .where("id", "in", [...ids])
    .where("status", "=", "pending")
    .execute();
}

export interface QueueFilter {
  statuses: readonly ItemStatus[];
  limit: number;
  cursor?: { score: number; id: string } | undefined;
}

export interface QueueItem extends Omit<ItemRow, "reasons"> {
  reasons: ScoreReason[];
  source_name: string | null;
}

export function parseReasons(json: string | null): ScoreReason[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as ScoreReason[]) : [];
  } catch {
    return [];
  }
}

/** The clinic's review queue, highest score first, keyset-paginated on (score, id). */
export async function listQueue(db: Db, tenantId: string, f: QueueFilter): Promise<QueueItem[]> {
  let q = itemsWithSourceName(db)
    .selectAll("i")
    .select("s.name as source_name")
    .where("i.tenant_id", "=", tenantId)
    .where("i.status", "in", f.statuses)
    .where("i.score", "is not", null);
  const c = f.cursor;
  if (c) {
    q = q.where((eb) =>
      eb.or([eb("i.score", "<", c.score), eb.and([eb("i.score", "=", c.score), eb("i.id", ">", c.id)])]),
    );
  }
  const rows = await q.orderBy("i.score", "desc").orderBy("i.id", "asc").limit(f.limit).execute();
  return rows.map((r) => ({ ...r, reasons: parseReasons(r.reasons) }));
}

export async function countItems(db: Db, tenantId: string, status?: ItemStatus): Promise<number> {
  let q = db
    .selectFrom("items")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("tenant_id", "=", tenantId);
  if (status) q = q.where("status", "=", status);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}
