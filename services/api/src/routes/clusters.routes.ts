import { z } from "zod";
import { encodeCursor, parseCursor, scoreCursor } from "../cursor.ts";
import { clusterDto, evidenceDto, itemDto, matchesByItem } from "../dto.ts";
import { ApiError, unwrap } from "../errors.ts";
import { giveClaimVerdict, releaseClaim, takeClaim } from "../services/claims.service.ts";
import { escalateInput } from "../services/clinic-inputs.ts";
import { escalateClaim } from "../services/escalations.service.ts";
import { verdictInput } from "../services/inputs.ts";
import { getClaim, listClaims } from "../services/review.service.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";
import { clinicQuery, escalationDto, escalationSchema } from "./escalation.schemas.ts";
import { claimVerdictSchema, clusterDetailSchema, clusterSchema, clustersQuery, idParam, list } from "./schemas.ts";

const listRoute = defineRoute({
  method: "get",
  path: "/",
  summary: "The review queue as claims: one row per near-duplicate cluster",
  access: "clinic",
  permission: "queue.read",
  request: { query: clustersQuery.extend({ clinic: clinicQuery }) },
  ok: { status: 200, description: "A page of clusters", schema: list(clusterSchema) },
  errors: [400],
});

const getRoute = defineRoute({
  method: "get",
  path: "/{id}",
  summary: "A cluster with its members, their similarity and matched clarifications (reading never claims it)",
  access: "clinic",
  permission: "queue.read",
  resource: "cluster",
  request: { params: idParam, query: z.object({ clinic: clinicQuery }) },
  ok: { status: 200, description: "The cluster", schema: clusterDetailSchema },
  errors: [],
});

const verdictRoute = defineRoute({
  method: "post",
  path: "/{id}/verdict",
  summary: "Verdict on a cluster, applied to every member (refused while a colleague holds the claim)",
  access: "clinic",
  permission: "verdict.give",
  resource: "cluster",
  claim: true,
  request: { params: idParam, ...jsonBody(verdictInput) },
  ok: { status: 201, description: "Recorded", schema: claimVerdictSchema },
  errors: [409],
});

const claimRoute = defineRoute({
  method: "post",
  path: "/{id}/claim",
  summary:
    "Take (or renew) the short soft lock while editing a verdict (3 minutes; reading never locks, assignment is separate)",
  access: "clinic",
  permission: "claim.take",
  resource: "cluster",
  claim: true,
  request: { params: idParam },
  ok: { status: 200, description: "Held until", schema: z.object({ until: z.string() }) },
  errors: [409],
});

const releaseRoute = defineRoute({
  method: "post",
  path: "/{id}/release",
  summary: "Release the caller's soft lock (also released on logout and on expiry)",
  access: "clinic",
  permission: "claim.take",
  resource: "cluster",
  request: { params: idParam },
  ok: { status: 200, description: "Released", schema: z.object({ ok: z.literal(true) }) },
  errors: [],
});

const escalateRoute = defineRoute({
  method: "post",
  path: "/{id}/escalate",
  summary: "Hand a claim up to the clinic's province (regency/city clinics; one open escalation per claim)",
  access: "clinic",
  permission: "claim.escalate",
  resource: "cluster",
  request: { params: idParam, ...jsonBody(escalateInput) },
  ok: { status: 201, description: "Escalated", schema: escalationSchema },
  errors: [403, 409],
});

export const clusterRoutes = apiApp()
  .openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const cursor = parseCursor(q.cursor, scoreCursor);
    if (cursor === "invalid") throw new ApiError("invalid_request", "cursor: invalid");
    // The same query, filters and order as the analysts' queue page.
    const { rows, matches } = unwrap(
      await listClaims(
        c.var.deps,
        c.var.principal,
        {
          statuses: q.status ? [q.status] : ["new", "in_review"],
          minScore: q.minScore,
          maxScore: q.maxScore,
          sourceId: q.sourceId,
          verdict: q.verdict,
          q: q.q,
          assignee:
            q.assignee === "me"
              ? { userId: c.var.principal.user.id }
              : q.assignee === "none"
                ? "unassigned"
                : undefined,
          limit: q.limit,
          cursor: cursor ? { score: cursor.s, id: cursor.i } : undefined,
        },
        q.clinic,
      ),
    );
    const byItem = matchesByItem(matches);
    const last = rows.at(-1);
    return c.json(
      {
        data: rows.map((r) => clusterDto(r, byItem.get(r.representative_item_id) ?? [])),
        nextCursor: rows.length === q.limit && last ? encodeCursor({ s: last.max_score, i: last.id }) : null,
      },
      200,
    );
  })
  .openapi(getRoute, async (c) => {
    const { cluster, members, matches, suggested, evidence } = unwrap(
      await getClaim(c.var.deps, c.var.principal, c.req.valid("param").id, c.req.valid("query").clinic),
    );
    const byItem = matchesByItem(matches);
    const all = [...new Map([...byItem.values()].flat().map((m) => [m.id, m])).values()];
    return c.json(
      {
        ...clusterDto(
          { ...cluster, sources: [...new Set(members.map((m) => m.source_name ?? "Laporan publik"))] },
          all,
        ),
        suggestedClusters: suggested.map((g) => ({
          id: g.cluster_id,
          size: g.size,
          status: g.status,
          similarity: Math.round(Number(g.similarity) * 1000) / 1000,
        })),
        members: members.map((m) => ({ ...itemDto(m, byItem.get(m.id) ?? []), similarity: m.similarity })),
        evidence: evidence.map(evidenceDto),
      },
      200,
    );
  })
  .openapi(verdictRoute, async (c) => {
    const body = c.req.valid("json");
    const r = unwrap(
      await giveClaimVerdict(c.var.deps, c.var.principal, {
        clusterId: c.req.valid("param").id,
        verdict: body.verdict,
        note: body.note ?? null,
      }),
    );
    return c.json({ clusterId: r.clusterId, verdict: r.verdict, members: r.members, actionId: r.actionId }, 201);
  })
  .openapi(claimRoute, async (c) => {
    const r = unwrap(await takeClaim(c.var.deps, c.var.principal, c.req.valid("param").id));
    return c.json({ until: r.until }, 200);
  })
  .openapi(releaseRoute, async (c) => {
    unwrap(await releaseClaim(c.var.deps, c.var.principal, c.req.valid("param").id));
    return c.json({ ok: true as const }, 200);
  })
  .openapi(escalateRoute, async (c) => {
    const row = unwrap(
      await escalateClaim(c.var.deps, c.var.principal, {
        clusterId: c.req.valid("param").id,
        reason: c.req.valid("json").reason,
      }),
    );
    return c.json(escalationDto(row), 201);
  });
