import { createClarification, getClarification, listClarifications, publishClarification } from "@klinik/db";
import { Hono } from "hono";
import { z } from "zod";
import { requireAuth } from "../auth.ts";
import type { Env } from "../context.ts";
import { clarificationDto } from "../dto.ts";
import { ApiError, notFound } from "../errors.ts";
import { announcePublication } from "../publication.ts";
import { clarificationBody, pageQuery } from "../schemas.ts";
import { decodeCursor, encodeCursor, jsonBody, queryParams } from "../validate.ts";

export const clarificationRoutes = new Hono<Env>()
  .use(requireAuth)
  .get("/", async (c) => {
    const q = queryParams(c, pageQuery);
    const before = decodeCursor(q.cursor, z.object({ c: z.string() }));
    const rows = await listClarifications(c.var.deps.db, c.var.principal.tenant.id, {
      limit: q.limit,
      before: before?.c,
    });
    const last = rows.at(-1);
    return c.json({
      data: rows.map((r) => clarificationDto(r, true)),
      nextCursor: rows.length === q.limit && last ? encodeCursor({ c: last.created_at }) : null,
    });
  })
  .post("/", async (c) => {
    const body = await jsonBody(c, clarificationBody);
    const { tenant, user } = c.var.principal;
    const res = await createClarification(c.var.deps.db, tenant.id, { ...body, userId: user.id });
    // Another clinic's item is reported exactly like a missing one.
    if (!res.ok)
      throw new ApiError(400, "invalid_request", `itemIds: unknown item(s) ${res.unknownItemIds.join(", ")}`);
    return c.json(clarificationDto(res.clarification, true), 201);
  })
  .get("/:id", async (c) => {
    const row = await getClarification(c.var.deps.db, c.var.principal.tenant.id, c.req.param("id"));
    if (!row) throw notFound("Clarification");
    return c.json(clarificationDto(row, true));
  })
  .post("/:id/publish", async (c) => {
    const row = await publishClarification(c.var.deps.db, c.var.principal.tenant.id, c.req.param("id"));
    if (!row) throw notFound("Clarification");
    await announcePublication(c.var.deps, row.id);
    return c.json(clarificationDto(row, true));
  });
