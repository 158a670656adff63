import type { ItemStatus, Verdict } from "@klinik/core";
import { sql } from "kysely";
import type { Db } from "../connect.ts";
import { storableText } from "../storable-text.ts";
import { nowIso } from "../util.ts";
import { type ClusterRow, clusterSources } from "./clusters.repository.ts";

/** Filters of the analysts' review queue; every field but `statuses` and `limit` is optional. */
export interface ReviewQueueFilter {
  statuses: readonly ItemStatus[];
  minScore?: number | undefined;
  maxScore?: number | undefined;
  /** Clusters with at least one member from this source. */
  sourceId?: string | undefined;
  /** ISO bounds: the claim was seen at or after `from` and first seen before `to`. */
  from?: string | undefined;
  to?: string | undefined;
  verdict?: Verdict | undefined;
  /** Free text, matched case-insensitively against every member's title and text. */
  q?: string | undefined;
  /**
   * Words instead of `q` (the search service derives them from it): a claim matches when one
   * of its members holds every group, a group being any of its spellings (a word and its stem).
   */
  words?: readonly (readonly string[])[] | undefined;
  limit: number;
  cursor?: { score: number; id: string } | undefined;
  /** Claims assigned to this person, or to nobody. */
  assignee?: { userId: string } | "unassigned" | undefined;
  /** Only claims this user may take: unheld, held by them, or held past `now`. */
  claimableBy?: { userId: string; now: string } | undefined;
}

export interface ReviewQueueRow extends ClusterRow {
  title: string | null;
  /** The representative item's text, cut to 400 characters. */
  excerpt: string;
  url: string | null;
  reasons: string | null;
  claimer_name: string | null;
  assignee_name: string | null;
  sources: string[];
  matches: { clarification_id: string; title: string; clinic_name: string; clinic_slug: string }[];
}

const EXCERPT = 400;

function likePattern(q: string): string {
  return `%${storableText(q)
    .toLowerCase()
    .replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** A member's title or text holds one of the spellings. */
function memberHas(spellings: readonly string[]) {
  const one = (w: string) => {
    const pattern = likePattern(w);
    return sql`lower(m.text) like ${pattern} escape '\\' or lower(coalesce(m.title, '')) like ${pattern} escape '\\'`;
  };
  return sql`(${sql.join(spellings.map(one), sql` or `)})`;
}

/**
 * The review queue, one row per claim cluster, highest score first,
 * keyset-paginated on (max_score, id). Rows carry their sources, the
 * published clarifications their members match and who holds the claim.
 */
export async function listReviewQueue(db: Db, tenantId: string, f: ReviewQueueFilter): Promise<ReviewQueueRow[]> {
  const ids = await pickQueueIds(db, tenantId, f);
  if (ids.length === 0) return [];
  const found = await db
    .selectFrom("clusters as c")
    .innerJoin("items as i", (j) =>
      j.onRef("i.id", "=", "c.representative_item_id").onRef("i.tenant_id", "=", "c.tenant_id"),
    )
    .leftJoin("users as u", (j) => j.onRef("u.id", "=", "c.claimed_by").onRef("u.tenant_id", "=", "c.tenant_id"))
    .leftJoin("users as a", (j) => j.onRef("a.id", "=", "c.assignee_id").onRef("a.tenant_id", "=", "c.tenant_id"))
    .selectAll("c")
    .select(["i.title", "i.url", "i.reasons", "u.name as claimer_name", "a.name as assignee_name"])
    .select(sql<string>`substr(i.text, 1, ${sql.lit(EXCERPT)})`.as("excerpt"))
    .where("c.tenant_id", "=", tenantId)
    .where("c.id", "in", ids)
    .execute();
  const byId = new Map(found.map((r) => [r.id, r]));
  const rows = ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
  const [sources, matches] = await Promise.all([clusterSources(db, tenantId, ids), clusterMatches(db, tenantId, ids)]);
  return rows.map((r) => ({ ...r, sources: sources.get(r.id) ?? [], matches: matches.get(r.id) ?? [] }));
}

/**
 * Ids of one page in queue order. One branch per status, each ordered by
 * score with its own LIMIT, merged with UNION ALL: an equality on status
 * lets every branch walk the (tenant, status, max_score) index and stop
 * early, where `status IN (…)` would sort every open claim first.
 */
async function pickQueueIds(db: Db, tenantId: string, f: ReviewQueueFilter): Promise<string[]> {
  const branch = (status: ItemStatus) => {
    let q = db
      .selectFrom("clusters as c")
      .select(["c.id", "c.max_score"])
      .where("c.tenant_id", "=", tenantId)
      .where("c.status", "=", status);
    if (f.minScore !== undefined) q = q.where("c.max_score", ">=", f.minScore);
    if (f.maxScore !== undefined) q = q.where("c.max_score", "<=", f.maxScore);
    if (f.verdict) q = q.where("c.verdict", "=", f.verdict);
    if (f.from) q = q.where("c.last_seen_at", ">=", f.from);
    const assignee = f.assignee;
    if (assignee === "unassigned") q = q.where("c.assignee_id", "is", null);
    else if (assignee) q = q.where("c.assignee_id", "=", assignee.userId);
    const claimable = f.claimableBy;
    if (claimable) {
      q = q.where((eb) =>
        eb.or([
          eb("c.claimed_by", "is", null),
          eb("c.claimed_by", "=", claimable.userId),
          eb("c.claimed_until", "<", claimable.now),
        ]),
      );
    }
    if (f.to) q = q.where("c.first_seen_at", "<", f.to);
    const sourceId = f.sourceId;
    if (sourceId) {
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom("items as s")
            .select(sql.lit(1).as("one"))
            .where("s.tenant_id", "=", tenantId)
            .where("s.source_id", "=", sourceId)
            .whereRef("s.cluster_id", "=", "c.id"),
        ),
      );
    }
    const groups = f.words?.length ? f.words : f.q ? [[f.q]] : [];
    if (groups.length > 0) {
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom("items as m")
            .select(sql.lit(1).as("one"))
            .where("m.tenant_id", "=", tenantId)
            .whereRef("m.cluster_id", "=", "c.id")
            .where(sql<boolean>`(${sql.join(groups.map(memberHas), sql` and `)})`),
        ),
      );
    }
    const cur = f.cursor;
    if (cur) {
      q = q.where((eb) =>
        eb.or([
          eb("c.max_score", "<", cur.score),
          eb.and([eb("c.max_score", "=", cur.score), eb("c.id", ">", cur.id)]),
        ]),
      );
    }
    return q.orderBy("c.max_score", "desc").orderBy("c.id", "asc").limit(f.limit);
  };
  const statuses = [...new Set(f.statuses)];
  const [first, ...rest] = statuses;
  if (!first) return [];
  if (rest.length === 0) return (await branch(first).execute()).map((r) => r.id);
  let q = db.selectFrom(branch(first).as("b0")).select(["b0.id", "b0.max_score"]);
  rest.forEach((s, n) => {
    const alias = `b${n + 1}` as "b0";
    q = q.unionAll(db.selectFrom(branch(s).as(alias)).select([`${alias}.id`, `${alias}.max_score`]));
  });
  const rows = await q.orderBy("max_score", "desc").orderBy("id", "asc").limit(f.limit).execute();
  return rows.map((r) => r.id);
}

/** Published clarifications (any clinic) matched by any member, per cluster. */
async function clusterMatches(db: Db, tenantId: string, clusterIds: string[]) {
  const out = new Map<string, ReviewQueueRow["matches"]>();
  if (clusterIds.length === 0) return out;
  const rows = await db
    .selectFrom("item_clarification_matches as m")
    .innerJoin("items as i", (j) => j.onRef("i.id", "=", "m.item_id").onRef("i.tenant_id", "=", "m.tenant_id"))
    .innerJoin("clarifications as k", "k.id", "m.clarification_id")
    .innerJoin("tenants as t", "t.id", "k.tenant_id")
    .select(["i.cluster_id", "k.id as clarification_id", "k.title", "t.name as clinic_name", "t.slug as clinic_slug"])
    .distinct()
    .where("m.tenant_id", "=", tenantId)
    .where("i.cluster_id", "in", clusterIds)
    .where("k.status", "=", "published")
    .execute();
  for (const { cluster_id, ...m } of rows) {
    if (!cluster_id) continue;
    const list = out.get(cluster_id) ?? [];
    if (!list.some((x) => x.clarification_id === m.clarification_id)) list.push(m);
    out.set(cluster_id, list);
  }
  return out;
}

/** The next open claim after `clusterId` in queue order that the user may take (for "next" after a verdict). */
export async function nextOpenCluster(db: Db, tenantId: string, after: { score: number; id: string }, userId: string) {
  const [id] = await pickQueueIds(db, tenantId, {
    statuses: ["new", "in_review"],
    limit: 1,
    cursor: after,
    claimableBy: { userId, now: nowIso() },
  });
  return id;
}

/** Clusters that entered the queue after `since`: the "n klaim baru" badge. */
export async function countNewClusters(db: Db, tenantId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom("clusters")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("tenant_id", "=", tenantId)
    .where("created_at", ">", since)
    .where("status", "in", ["new", "in_review"])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
