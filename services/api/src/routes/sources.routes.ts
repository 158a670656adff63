import { randomBytes } from "node:crypto";
import { createSource, findSourceByUrl, listSources, newId, setSourceEnabled } from "@klinik/db";
import { Hono } from "hono";
import { requireAdmin, requireAuth } from "../auth.ts";
import type { Env } from "../context.ts";
import { sourceDto } from "../dto.ts";
import { ApiError, notFound } from "../errors.ts";
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
    const { tenant } = c.var.principal;
    if (body.kind === "webhook") {
      // The secret is shown once, in this response; the URL is where the bridge posts.
      const id = newId();
      const secret = randomBytes(24).toString("base64url");
      const url = `/api/v1/ingest/${tenant.slug}/webhook/${id}`;
      const row = await createSource(db, tenant.id, {
        kind: "webhook",
        name: body.name,
        url,
        scheduleSec: 0,
        secret,
        id,
      });
      return c.json({ ...sourceDto(row), secret }, 201);
    }
    if (await findSourceByUrl(db, tenant.id, body.url)) {
      throw new ApiError(409, "conflict", "url: this clinic already has a source with this URL");
    }
    const row = await createSource(db, tenant.id, body);
    // First fetch now; the ingest scheduler keeps it on its schedule afterwards.
    await queues.ingest
      .add("ingest", { tenantId: tenant.id, sourceId: row.id }, { jobId: `first-${row.id}` })
      .catch((err: unknown) => c.var.deps.logger.warn({ err }, "first fetch not enqueued; scheduler will pick it up"));
    return c.json(sourceDto(row), 201);
  })
  .post("/:id/pause", async (c) => {
    const { tenant, user } = c.var.principal;
    const row = await setSourceEnabled(c.var.deps.db, tenant.id, c.req.param("id"), false, `Dijeda oleh ${user.name}`);
    if (!row) throw notFound("Source");
    return c.json(sourceDto(row));
  })
  .post("/:id/resume", async (c) => {
    const row = await setSourceEnabled(c.var.deps.db, c.var.principal.tenant.id, c.req.param("id"), true);
    if (!row) throw notFound("Source");
    return c.json(sourceDto(row));
  });
