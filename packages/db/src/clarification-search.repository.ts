import type { ClarificationStatus, Verdict } from "@klinik/core";
import { PostgresAdapter, sql } from "kysely";
import type { Db } from "./connect.ts";
import { nowIso } from "./util.ts";

// Full-text search over clarifications (migration 0009). Reads across clinics when
// no `tenantId` is given (the public check answers with every clinic's published
// clarifications); with one, every query filters on it.

const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

/** What the search normalises into a clarification's terms. */
export interface ClarificationSearchSource {
  id: string;
  stale: number;
  title: string;
  body: string;
  /** Title and text of the items it answers (the claim as it circulated), a few at most. */
  items: string[];
}

const ITEMS_PER_CLARIFICATION = 8;
const ITEM_CHARS = 2_000;

/** Clarifications whose search text is missing or out of date, with what it is made of. */
export async function staleClarificationSearch(db: Db, limit: number): Promise<ClarificationSearchSource[]> {
  const rows = await db
    .selectFrom("clarification_search as s")
    .innerJoin("clarifications as c", (j) =>
      j.onRef("c.id", "=", "s.clarification_id").onRef("c.tenant_id", "=", "s.tenant_id"),
    )
    .select(["c.id", "c.tenant_id", "s.stale", "c.title", "c.body"])
    // A literal, so SQLite sees the partial index's condition (a bound parameter hides it).
    .where("s.stale", ">", sql.lit(0))
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom("clarification_items as ci")
    .innerJoin("items as i", (j) => j.onRef("i.id", "=", "ci.item_id").onRef("i.tenant_id", "=", "ci.tenant_id"))
    .select(["ci.clarification_id", "i.title", sql<string>`substr(i.text, 1, ${sql.lit(ITEM_CHARS)})`.as("text")])
    .where(
      "ci.clarification_id",
      "in",
      rows.map((r) => r.id),
    )
    .execute();
  const items = new Map<string, string[]>();
  for (const l of links) {
    const list = items.get(l.clarification_id) ?? [];
    if (list.length < ITEMS_PER_CLARIFICATION) list.push(l.title ? `${l.title}\n${l.text}` : l.text);
    items.set(l.clarification_id, list);
  }
  return rows.map((r) => ({ id: r.id, stale: r.stale, title: r.title, body: r.body, items: items.get(r.id) ?? [] }));
}

/**
 * Stores a clarification's normalised terms. Only clears `stale` if nothing changed
 * since it was read (`seenStale`); otherwise the row stays stale for the next pass.
 */
export async function storeClarificationSearch(db: Db, id: string, text: string, seenStale: number): Promise<void> {
  await db
    .updateTable("clarification_search")
    .set({ search_text: text, stale: 0, indexed_at: nowIso() })
    .where("clarification_id", "=", id)
    .where("stale", "=", seenStale)
    .execute();
}

export interface SearchScope {
  /** One clinic's clarifications, or every clinic's (null: published ones only). */
  tenantId: string | null;
  /** Statuses to find; the public finds only `published` (and never a withdrawn one, whatever its status). */
  statuses: readonly ClarificationStatus[];
}

/**
 * Clarifications containing any of `terms` (already normalised: letters and digits
 * only), best first by the database's own ranking (FTS5 bm25, Postgres ts_rank),
 * with their search text so the caller can rank them its own way.
 */
export async function clarificationCandidates(
  db: Db,
  terms: readonly string[],
  scope: SearchScope,
  limit: number,
): Promise<{ id: string; search_text: string }[]> {
  const safe = terms.filter((t) => /^[\p{L}\p{N}]+$/u.test(t));
  if (safe.length === 0 || scope.statuses.length === 0) return [];
  const tenant = scope.tenantId === null ? sql`` : sql`and c.tenant_id = ${scope.tenantId}`;
  const withdrawn = scope.statuses.includes("withdrawn") ? sql`` : sql`and c.withdrawn_at is null`;
  const statuses = sql.join(scope.statuses.map((s) => sql`${s}`));
  if (isPostgres(db)) {
    const query = safe.join(" | ");
    const { rows } = await sql<{ id: string; search_text: string }>`
      select s.clarification_id as id, s.search_text
      from clarification_search s
      join clarifications c on c.id = s.clarification_id and c.tenant_id = s.tenant_id
      where s.tsv @@ to_tsquery('simple', ${query}) and c.status in (${statuses}) ${tenant} ${withdrawn}
      order by ts_rank(s.tsv, to_tsquery('simple', ${query})) desc, s.clarification_id
      limit ${limit}`.execute(db);
    return rows;
  }
  const match = safe.map((t) => `"${t}"`).join(" OR ");
  const { rows } = await sql<{ id: string; search_text: string }>`
    select s.clarification_id as id, s.search_text
    from clarification_fts f
    join clarification_search s on s.seq = f.rowid
    join clarifications c on c.id = s.clarification_id and c.tenant_id = s.tenant_id
    where clarification_fts match ${match} and c.status in (${statuses}) ${tenant} ${withdrawn}
    order by f.rank, s.clarification_id
    limit ${limit}`.execute(db);
  return rows;
}

/** Search texts of given clarifications within a scope (for candidates found another way). */
export async function clarificationSearchTexts(db: Db, ids: readonly string[], scope: SearchScope) {
  if (ids.length === 0 || scope.statuses.length === 0) return [];
  let q = db
    .selectFrom("clarification_search as s")
    .innerJoin("clarifications as c", (j) =>
      j.onRef("c.id", "=", "s.clarification_id").onRef("c.tenant_id", "=", "s.tenant_id"),
    )
    .select(["s.clarification_id as id", "s.search_text"])
    .where("s.clarification_id", "in", [...ids])
    .where("c.status", "in", [...scope.statuses]);
  if (scope.tenantId !== null) q = q.where("c.tenant_id", "=", scope.tenantId);
  if (!scope.statuses.includes("withdrawn")) q = q.where("c.withdrawn_at", "is", null);
  return q.execute();
}

/** What a search answer shows of a clarification. */
export interface ClarificationHit {
  id: string;
  tenant_id: string;
  title: string;
  body: string;
  verdict: Verdict;
  status: ClarificationStatus;
  created_at: string;
  published_at: string | null;
  /** The last correction (dateModified). */
  updated_at: string | null;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
  clinic_slug: string;
  clinic_name: string;
}

/** The clarifications to show for a search answer, within its scope (order not kept). */
export async function clarificationHits(
  db: Db,
  ids: readonly string[],
  scope: SearchScope,
): Promise<ClarificationHit[]> {
  if (ids.length === 0 || scope.statuses.length === 0) return [];
  let q = db
    .selectFrom("clarifications as c")
    .innerJoin("tenants as t", "t.id", "c.tenant_id")
    .select([
      "c.id",
      "c.tenant_id",
      "c.title",
      "c.body",
      "c.verdict",
      "c.status",
      "c.created_at",
      "c.published_at",
      "c.updated_at",
      "c.withdrawn_at",
      "c.withdrawn_reason",
      "t.slug as clinic_slug",
    ])
    .select(sql<string>`coalesce(t.display_name, t.name)`.as("clinic_name"))
    .where("c.id", "in", [...ids])
    .where("c.status", "in", [...scope.statuses]);
  if (scope.tenantId !== null) q = q.where("c.tenant_id", "=", scope.tenantId);
  if (!scope.statuses.includes("withdrawn")) q = q.where("c.withdrawn_at", "is", null);
  return q.execute();
}
