import { claimSignature } from "@klinik/claims";
import { getPublishedClarificationsByIds, listPublishedClarifications } from "@klinik/db";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { Env } from "../context.ts";
import { clarificationDto, matchDto } from "../dto.ts";
import { ApiError } from "../errors.ts";
import { clientAddress } from "../rate-limit.ts";
import { checkBody, pageQuery, reportBody } from "../schemas.ts";
import { decodeCursor, encodeCursor, jsonBody, queryParams } from "../validate.ts";

const slugParam = z.string().regex(/^[a-z0-9-]{1,64}$/);

/** Reports and checks are counted per client address; over the limit answers 429. */
function limit(c: Context<Env>): void {
  const { reportLimiter, config } = c.var.deps;
  const wait = reportLimiter.hit(clientAddress(c, config.TRUST_PROXY));
  if (wait > 0) {
    c.header("Retry-After", String(wait));
    throw new ApiError(429, "rate_limited", `Too many requests from this address; try again in ${wait} s`);
  }
}

async function tenantOf(c: { var: Env["Variables"] }, slug: string) {
  const tenant = slugParam.safeParse(slug).success ? await c.var.deps.tenants.bySlug(slug) : undefined;
  if (!tenant) throw new ApiError(404, "tenant_not_found", `Unknown clinic "${slug.slice(0, 64)}"`);
  return tenant;
}

/** Endpoints without login: the public reports hoaxes and reads clarifications. */
export const publicRoutes = new Hono<Env>()
  .post("/:tenant/reports", async (c) => {
    limit(c);
    const tenant = await tenantOf(c, c.req.param("tenant"));
    const body = await jsonBody(c, reportBody);
    const { reportId, itemId } = await c.var.deps.reportWriter.write({
      tenantId: tenant.id,
      text: body.text,
      url: body.url ?? null,
      contact: body.contact ?? null,
    });
    return c.json({ id: reportId, itemId }, 202);
  })
  .get("/:tenant/clarifications", async (c) => {
    const tenant = await tenantOf(c, c.req.param("tenant"));
    const q = queryParams(c, pageQuery);
    const before = decodeCursor(q.cursor, z.object({ p: z.string() }));
    const rows = await listPublishedClarifications(c.var.deps.db, tenant.id, { limit: q.limit, before: before?.p });
    const last = rows.at(-1);
    return c.json({
      clinic: { slug: tenant.slug, name: tenant.name },
      data: rows.map((r) => clarificationDto(r, false)),
      nextCursor: rows.length === q.limit && last?.published_at ? encodeCursor({ p: last.published_at }) : null,
    });
  })
  /**
   * "Has this been clarified?" before forwarding a message: published
   * clarifications of every clinic on the instance that match, best first.
   */
  .post("/:tenant/check", async (c) => {
    limit(c);
    await tenantOf(c, c.req.param("tenant"));
    const { text } = await jsonBody(c, checkBody);
    const { db, clarifications } = c.var.deps;
    const matches = await clarifications.match(claimSignature(null, text), 10);
    const rows = await getPublishedClarificationsByIds(
      db,
      matches.map((m) => m.clarificationId),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return c.json({
      data: matches.flatMap((m) => {
        const r = byId.get(m.clarificationId);
        if (!r) return [];
        return [
          { ...matchDto({ ...r, clarification_id: r.id, similarity: m.similarity }), tier: m.tier, body: r.body },
        ];
      }),
    });
  });
