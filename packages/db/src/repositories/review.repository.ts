import type { ItemStatus, Verdict } from "@klinik/core";
import { sql } from "kysely";
import type { Db } from "../connect.ts";
import { newId, nowIso } from "../util.ts";
import { type ClusterRow, clusterSources, recordClusterVerdict } from "./clusters.repository.ts";

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
  limit: number;
  cursor?: { score: number; id: string } | undefined;
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
  sources: string[];
  matches: { clarification_id: string; title: string; clinic_name: string; clinic_slug: string }[];
}

const EXCERPT = 400;

function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
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
    .selectAll("c")
    .select(["i.title", "i.url", "i.reasons", "u.name as claimer_name"])
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
    if (f.q) {
      const pattern = likePattern(f.q);
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom("items as m")
            .select(sql.lit(1).as("one"))
            .where("m.tenant_id", "=", tenantId)
            .whereRef("m.cluster_id", "=", "c.id")
            .where(
              sql<boolean>`(lower(m.text) like ${pattern} escape '\\' or lower(coalesce(m.title, '')) like ${pattern} escape '\\')`,
            ),
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

/** Frees claims whose holder walked away, so the queue shows them as new again. */
export async function releaseExpiredClaims(db: Db, tenantId: string, now: string = nowIso()): Promise<number> {
  const res = await db
    .updateTable("clusters")
    .set({ status: "new", claimed_by: null, claimed_until: null, updated_at: now })
    .where("tenant_id", "=", tenantId)
    .where("status", "=", "in_review")
    .where("claimed_until", "<", now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export type ClaimResult =
  | { kind: "claimed"; until: string }
  | { kind: "held"; holderId: string; holderName: string | null; until: string }
  | { kind: "closed" };

/**
 * Claims an open cluster for `userId` until `until` (or renews the caller's own
 * claim). Answers who holds it when someone else's claim is still live, and
 * undefined when the cluster is not the clinic's.
 */
export async function claimCluster(
  db: Db,
  tenantId: string,
  input: { clusterId: string; userId: string; until: string },
): Promise<ClaimResult | undefined> {
  const now = nowIso();
  const res = await db
    .updateTable("clusters")
    .set({ status: "in_review", claimed_by: input.userId, claimed_until: input.until, updated_at: now })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", input.clusterId)
    .where("status", "in", ["new", "in_review"])
    .where((eb) =>
      eb.or([eb("claimed_by", "is", null), eb("claimed_by", "=", input.userId), eb("claimed_until", "<", now)]),
    )
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 1) return { kind: "claimed", until: input.until };
  const c = await db
    .selectFrom("clusters as c")
    .leftJoin("users as u", (j) => j.onRef("u.id", "=", "c.claimed_by").onRef("u.tenant_id", "=", "c.tenant_id"))
    .select(["c.status", "c.claimed_by", "c.claimed_until", "u.name"])
    .where("c.tenant_id", "=", tenantId)
    .where("c.id", "=", input.clusterId)
    .executeTakeFirst();
  if (!c) return undefined;
  if (c.status === "done" || c.status === "dismissed" || !c.claimed_by || !c.claimed_until) return { kind: "closed" };
  return { kind: "held", holderId: c.claimed_by, holderName: c.name, until: c.claimed_until };
}

/** Gives a claim back to the queue, only if the caller holds it. */
export async function releaseClaim(db: Db, tenantId: string, clusterId: string, userId: string): Promise<void> {
  await db
    .updateTable("clusters")
    .set({ status: "new", claimed_by: null, claimed_until: null, updated_at: nowIso() })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", clusterId)
    .where("status", "=", "in_review")
    .where("claimed_by", "=", userId)
    .execute();
}

/** True when another analyst's live claim covers the cluster. */
export function heldByOther(
  c: Pick<ClusterRow, "status" | "claimed_by" | "claimed_until">,
  userId: string,
  now = nowIso(),
) {
  return (
    c.status === "in_review" && !!c.claimed_by && c.claimed_by !== userId && !!c.claimed_until && c.claimed_until > now
  );
}

export type BulkAction =
  | { kind: "verdict"; verdict: Verdict; note: string | null }
  | { kind: "dismiss" }
  | { kind: "assign"; assigneeId: string; until: string };

/**
 * Applies one action to many clusters of a clinic. Clusters of another clinic
 * and clusters another analyst holds are skipped and counted.
 */
export async function applyBulk(
  db: Db,
  tenantId: string,
  userId: string,
  clusterIds: string[],
  action: BulkAction,
): Promise<{ applied: number; skipped: number }> {
  const ids = [...new Set(clusterIds)].slice(0, 500);
  if (ids.length === 0) return { applied: 0, skipped: 0 };
  const rows = await db
    .selectFrom("clusters")
    .select(["id", "status", "claimed_by", "claimed_until"])
    .where("tenant_id", "=", tenantId)
    .where("id", "in", ids)
    .execute();
  const now = nowIso();
  const free = rows.filter((r) => !heldByOther(r, userId, now)).map((r) => r.id);
  const skipped = ids.length - free.length;
  if (free.length === 0) return { applied: 0, skipped };
  if (action.kind === "verdict") {
    for (const clusterId of free) {
      await recordClusterVerdict(db, tenantId, { clusterId, userId, verdict: action.verdict, note: action.note });
    }
    return { applied: free.length, skipped };
  }
  if (action.kind === "dismiss") {
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable("clusters")
        .set({ status: "dismissed", claimed_by: null, claimed_until: null, updated_at: now })
        .where("tenant_id", "=", tenantId)
        .where("id", "in", free)
        .execute();
      await tx
        .updateTable("items")
        .set({ status: "dismissed", updated_at: now })
        .where("tenant_id", "=", tenantId)
        .where("cluster_id", "in", free)
        .execute();
    });
    return { applied: free.length, skipped };
  }
  const assignee = await db
    .selectFrom("users")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("id", "=", action.assigneeId)
    .executeTakeFirst();
  if (!assignee) return { applied: 0, skipped: ids.length };
  const res = await db
    .updateTable("clusters")
    .set({ status: "in_review", claimed_by: assignee.id, claimed_until: action.until, updated_at: now })
    .where("tenant_id", "=", tenantId)
    .where("id", "in", free)
    .where("status", "in", ["new", "in_review"])
    .executeTakeFirst();
  const applied = Number(res.numUpdatedRows);
  return { applied, skipped: ids.length - applied };
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

/** A claim's verdicts, one line per decision (a cluster verdict writes one row per member). */
export async function listClusterVerdictHistory(db: Db, tenantId: string, clusterId: string) {
  const rows = await db
    .selectFrom("verdicts as v")
    .innerJoin("items as i", (j) => j.onRef("i.id", "=", "v.item_id").onRef("i.tenant_id", "=", "v.tenant_id"))
    .leftJoin("users as u", (j) => j.onRef("u.id", "=", "v.user_id").onRef("u.tenant_id", "=", "v.tenant_id"))
    .select(["v.verdict", "v.note", "v.created_at", "u.name as user_name"])
    .select((eb) => eb.fn.countAll<string | number>().as("items"))
    .where("v.tenant_id", "=", tenantId)
    .where("i.cluster_id", "=", clusterId)
    .groupBy(["v.verdict", "v.note", "v.created_at", "u.name"])
    .orderBy("v.created_at", "desc")
    .limit(100)
    .execute();
  return rows.map((r) => ({ ...r, items: Number(r.items) }));
}

export async function addClusterNote(
  db: Db,
  tenantId: string,
  input: { clusterId: string; userId: string; body: string },
): Promise<boolean> {
  const cluster = await db
    .selectFrom("clusters")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("id", "=", input.clusterId)
    .executeTakeFirst();
  if (!cluster) return false;
  await db
    .insertInto("cluster_notes")
    .values({
      id: newId(),
      tenant_id: tenantId,
      cluster_id: cluster.id,
      user_id: input.userId,
      body: input.body,
      created_at: nowIso(),
    })
    .execute();
  return true;
}

export async function listClusterNotes(db: Db, tenantId: string, clusterId: string) {
  return db
    .selectFrom("cluster_notes as n")
    .leftJoin("users as u", (j) => j.onRef("u.id", "=", "n.user_id").onRef("u.tenant_id", "=", "n.tenant_id"))
    .select(["n.id", "n.body", "n.created_at", "u.name as user_name"])
    .where("n.tenant_id", "=", tenantId)
    .where("n.cluster_id", "=", clusterId)
    .orderBy("n.created_at", "desc")
    .limit(200)
    .execute();
}

export async function listTenantUsers(db: Db, tenantId: string) {
  return db
    .selectFrom("users")
    .select(["id", "name", "role"])
    .where("tenant_id", "=", tenantId)
    .orderBy("name")
    .execute();
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
