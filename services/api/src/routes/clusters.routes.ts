import { decodeSignature } from "@klinik/claims";
import { estimateSimilarity } from "@klinik/cluster";
import {
  getCluster,
  listClusterMembers,
  listItemMatches,
  listReviewQueue,
  listSuggestedClusters,
  recordClusterVerdict,
} from "@klinik/db";
import { Hono } from "hono";
import { z } from "zod";
import { requireAuth } from "../auth.ts";
import type { Env } from "../context.ts";
import { clusterDto, itemDto, matchesByItem } from "../dto.ts";
import { notFound } from "../errors.ts";
import { clustersQuery, verdictBody } from "../schemas.ts";
import { decodeCursor, encodeCursor, jsonBody, queryParams } from "../validate.ts";

const cursorSchema = z.object({ s: z.number(), i: z.string() });

export const clusterRoutes = new Hono<Env>()
  .use(requireAuth)
  .get("/", async (c) => {
    const q = queryParams(c, clustersQuery);
    const cursor = decodeCursor(q.cursor, cursorSchema);
    const { db } = c.var.deps;
    const tenantId = c.var.principal.tenant.id;
    // The same query, filters and order as the analysts' queue page.
    const rows = await listReviewQueue(db, tenantId, {
      statuses: q.status ? [q.status] : ["new", "in_review"],
      minScore: q.minScore,
      maxScore: q.maxScore,
      sourceId: q.sourceId,
      verdict: q.verdict,
      q: q.q,
      limit: q.limit,
      cursor: cursor ? { score: cursor.s, id: cursor.i } : undefined,
    });
    const matches = matchesByItem(
      await listItemMatches(
        db,
        tenantId,
        rows.map((r) => r.representative_item_id),
      ),
    );
    const last = rows.at(-1);
    return c.json({
      data: rows.map((r) => clusterDto(r, matches.get(r.representative_item_id) ?? [])),
      nextCursor: rows.length === q.limit && last ? encodeCursor({ s: last.max_score, i: last.id }) : null,
    });
  })
  .get("/:id", async (c) => {
    const { db } = c.var.deps;
    const tenantId = c.var.principal.tenant.id;
    const cluster = await getCluster(db, tenantId, c.req.param("id"));
    if (!cluster) throw notFound("Cluster");
    const members = await listClusterMembers(db, tenantId, cluster.id);
    const sigs = await db
      .selectFrom("item_signatures")
      .select(["item_id", "signature"])
      .where("tenant_id", "=", tenantId)
      .where("cluster_id", "=", cluster.id)
      .execute();
    const sigOf = new Map(sigs.map((s) => [s.item_id, decodeSignature(s.signature)]));
    const rep = sigOf.get(cluster.representative_item_id);
    const matches = matchesByItem(
      await listItemMatches(
        db,
        tenantId,
        members.map((m) => m.id),
      ),
    );
    const allMatches = [...new Map([...matches.values()].flat().map((m) => [m.id, m])).values()];
    const suggested = await listSuggestedClusters(db, tenantId, cluster.id);
    return c.json({
      ...clusterDto(
        { ...cluster, sources: [...new Set(members.map((m) => m.source_name ?? "Laporan publik"))] },
        allMatches,
      ),
      suggestedClusters: suggested.map((g) => ({
        id: g.cluster_id,
        size: g.size,
        status: g.status,
        similarity: Math.round(Number(g.similarity) * 1000) / 1000,
      })),
      members: members.map((m) => {
        const sig = sigOf.get(m.id);
        return {
          ...itemDto(m, matches.get(m.id) ?? []),
          similarity: rep && sig ? Math.round(estimateSimilarity(rep, sig) * 1000) / 1000 : null,
        };
      }),
    });
  })
  .post("/:id/verdict", async (c) => {
    const body = await jsonBody(c, verdictBody);
    const { tenant, user } = c.var.principal;
    const r = await recordClusterVerdict(c.var.deps.db, tenant.id, {
      clusterId: c.req.param("id"),
      userId: user.id,
      verdict: body.verdict,
      note: body.note ?? null,
    });
    if (!r) throw notFound("Cluster");
    return c.json({ clusterId: c.req.param("id"), verdict: body.verdict, members: r.members }, 201);
  });
