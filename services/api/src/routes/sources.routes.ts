import { createSource, findSourceByUrl, listSources } from "@klinik/db";
import { Hono } from "hono";
import { requireAdmin, requireAuth } from "../auth.ts";
import type { Env } from "../context.ts";
import { sourceDto } from "../dto.ts";
import { ApiError } from "../errors.ts";
import { sourceBody } from "../schemas.ts";
import { jsonBody } from "../validate.ts";

export const sourceRoutes = new Hono<Env>()
  .use(requireAuth, requireAdmin)
  .get("/", async (c) => {
    const rows = await listSources(c.var.deps.db, c.var.principal.tenant.id);
    return c.json({ data: rows.map(sourceDto) });
  })
  .post("/", async (c) => {
    const body = await jsonBody(c, sourceBody);
    const { db, queues } = c.var.deps;
    const tenantId = c.var.principal.tenant.id;
    if (await findSourceByUrl(db, tenantId, body.url)) {
      throw new ApiError(409, "conflict", "url: this clinic already has a source with this URL");
    }
    const row = await createSource(db, tenantId, body);
    // First fetch now; the ingest scheduler keeps it on its schedule afterwards.
    await queues.ingest
      .add("ingest", { tenantId, sourceId: row.id }, { jobId: `first-${row.id}` })
      .catch((err: unknown) => c.var.deps.logger.warn({ err }, "first fetch not enqueued; scheduler will pick it up"));
    return c.json(sourceDto(row), 201);
  });
