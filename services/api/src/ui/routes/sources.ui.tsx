/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { createSource, findSourceByUrl, listSources, setSourceEnabled } from "@klinik/db";
import type { Context } from "hono";
import { Hono } from "hono";
import { safeHttpUrl } from "../format.ts";
import { isId, pageCtx } from "../page-ctx.ts";
import { errorPage } from "../pages/error-page.tsx";
import { FETCHED_KINDS, SourcesPage } from "../pages/sources.page.tsx";
import { requireUiAdmin, requireUiSession } from "../session.ts";
import { field, type UiEnv } from "../ui-context.ts";

async function page(c: Context<UiEnv>, error?: string) {
  const { tenant } = c.var.principal;
  const rows = await listSources(c.var.deps.db, tenant.id);
  return c.html(<SourcesPage ctx={pageCtx(c)} tz={tenant.timezone} rows={rows} error={error} />, error ? 400 : 200);
}

export const sourcesUi = new Hono<UiEnv>()
  .get("/sumber", requireUiSession, requireUiAdmin, (c) => page(c))
  .post("/sumber", requireUiSession, requireUiAdmin, async (c) => {
    const { form, t } = c.var;
    const { db, queues, logger } = c.var.deps;
    const tenantId = c.var.principal.tenant.id;
    const name = field(form, "nama").trim().slice(0, 200);
    const url = safeHttpUrl(field(form, "url").trim().slice(0, 2048));
    const minutes = Number(field(form, "menit"));
    const kind = FETCHED_KINDS.find((k) => k === (field(form, "jenis") || "rss"));
    if (!kind) return page(c, t("invalidInput"));
    if (!name || !url || !Number.isInteger(minutes) || minutes < 1 || minutes > 1440) return page(c, t("invalidInput"));
    if (await findSourceByUrl(db, tenantId, url)) return page(c, `${t("invalidInput")}: URL`);
    const row = await createSource(db, tenantId, { kind, name, url, scheduleSec: Math.max(60, minutes * 60) });
    await queues.ingest
      .add("ingest", { tenantId, sourceId: row.id }, { jobId: `first-${row.id}` })
      .catch((err: unknown) => logger.warn({ err }, "first fetch not enqueued; scheduler will pick it up"));
    return c.redirect("/sumber", 303);
  })
  .post("/sumber/:id/jeda", requireUiSession, requireUiAdmin, async (c) => {
    const id = c.req.param("id");
    const { tenant, user } = c.var.principal;
    const row = isId(id)
      ? await setSourceEnabled(c.var.deps.db, tenant.id, id, false, `Dijeda oleh ${user.name}`)
      : undefined;
    if (!row) return errorPage(c, 404, c.var.t("notFound"));
    return c.redirect("/sumber", 303);
  })
  .post("/sumber/:id/lanjut", requireUiSession, requireUiAdmin, async (c) => {
    const id = c.req.param("id");
    const row = isId(id) ? await setSourceEnabled(c.var.deps.db, c.var.principal.tenant.id, id, true) : undefined;
    if (!row) return errorPage(c, 404, c.var.t("notFound"));
    return c.redirect("/sumber", 303);
  });
