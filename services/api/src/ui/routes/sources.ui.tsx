/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { Hono } from "hono";
import { invalidZod, sourceInput } from "../../services/inputs.ts";
import { addSource, listSources, setSourcePaused } from "../../services/sources.service.ts";
import { invalidText, uiFailure } from "../failure.ts";
import { byId, pageCtx } from "../page-ctx.ts";
import { SourcesPage } from "../pages/sources.page.tsx";
import { requireUiSession } from "../session.ts";
import { field, type UiEnv } from "../ui-context.ts";

async function page(c: Context<UiEnv>, error?: string) {
  const r = await listSources(c.var.deps, c.var.principal);
  if (!r.ok) return uiFailure(c, r.error);
  const tz = c.var.principal.tenant.timezone;
  return c.html(<SourcesPage ctx={pageCtx(c)} tz={tz} rows={r.value} error={error} />, error ? 400 : 200);
}

const missing = { code: "not_found", message: "Source not found" } as const;

export const sourcesUi = new Hono<UiEnv>()
  .get("/sumber", requireUiSession, (c) => page(c))
  .post("/sumber", requireUiSession, async (c) => {
    const { form, t } = c.var;
    // The form's fields, checked by the same input schema as the JSON API's.
    const minutes = Number(field(form, "menit"));
    const input = sourceInput.safeParse({
      kind: field(form, "jenis") || "rss",
      name: field(form, "nama"),
      url: field(form, "url").trim(),
      scheduleSec: Number.isFinite(minutes) ? Math.round(minutes * 60) : Number.NaN,
    });
    if (!input.success || input.data.kind === "webhook") {
      return page(c, input.success ? t("invalidInput") : invalidText(t, invalidZod(input.error)));
    }
    const r = await addSource(c.var.deps, c.var.principal, input.data);
    if (!r.ok) return r.error.code === "conflict" ? page(c, `${t("invalidInput")}: URL`) : uiFailure(c, r.error);
    return c.redirect("/sumber", 303);
  })
  .post("/sumber/:id/jeda", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => setSourcePaused(c.var.deps, c.var.principal, id, true));
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect("/sumber", 303);
  })
  .post("/sumber/:id/lanjut", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => setSourcePaused(c.var.deps, c.var.principal, id, false));
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect("/sumber", 303);
  });
