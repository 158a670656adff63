import { sql } from "kysely";
import type { ClarificationHit } from "./clarification-search.repository.ts";
import type { Db } from "./connect.ts";

// What the search's per-process index of published clarifications reads (migration
// 0018): every clinic's, since the public check answers with all of them.

/** The search's change counter: raised by every change the public search can see. */
export async function searchVersion(db: Db): Promise<number> {
  const row = await db.selectFrom("search_version").select("version").where("id", "=", 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** A clarification as the index holds it: what a search answer shows, its terms, and when it last changed. */
export interface SearchIndexRow extends ClarificationHit {
  search_text: string;
  changed: number;
}

/**
 * Clarifications changed after version `after` (any status: a withdrawn one must
 * leave the index), in (changed, id) order from the key `from`; with `after` < 0,
 * every published, not withdrawn one (the first load).
 */
export async function searchIndexRows(
  db: Db,
  after: number,
  from: { changed: number; id: string } | undefined,
  limit: number,
): Promise<SearchIndexRow[]> {
  let q = db
    .selectFrom("clarification_search as s")
    .innerJoin("clarifications as c", (j) =>
      j.onRef("c.id", "=", "s.clarification_id").onRef("c.tenant_id", "=", "s.tenant_id"),
    )
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
      "s.search_text",
      "s.changed",
    ])
    .select(sql<string>`coalesce(t.display_name, t.name)`.as("clinic_name"))
    .where("s.changed", ">", after)
    .orderBy("s.changed")
    .orderBy("c.id")
    .limit(limit);
  if (after < 0) q = q.where("c.status", "=", "published").where("c.withdrawn_at", "is", null);
  if (from) {
    q = q.where((eb) =>
      eb.or([
        eb("s.changed", ">", from.changed),
        eb.and([eb("s.changed", "=", from.changed), eb("c.id", ">", from.id)]),
      ]),
    );
  }
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, changed: Number(r.changed) }));
}

/** How many clarifications the public can find (published, not withdrawn), every clinic's. */
export async function publicSearchableCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom("clarifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "published")
    .where("withdrawn_at", "is", null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
