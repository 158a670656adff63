/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { type Context, Hono } from "hono";
import { invalidZod } from "../../services/inputs.ts";
import { tokenInput } from "../../services/people.inputs.ts";
import { createToken, listTokens, revokeToken } from "../../services/tokens.service.ts";
import { invalidText, uiFailure } from "../failure.ts";
import { byId, pageCtx } from "../page-ctx.ts";
import { TokensPage } from "../pages/tokens.page.tsx";
import { requireUiSession } from "../session.ts";
import { field, fields, type UiEnv } from "../ui-context.ts";

const missing = { code: "not_found", message: "Token not found" } as const;

async function page(c: Context<UiEnv>, shown: { created?: { name: string; token: string }; error?: string } = {}) {
  const r = await listTokens(c.var.deps, c.var.principal);
  if (!r.ok) return uiFailure(c, r.error);
  const tz = c.var.principal.tenant.timezone;
  const status = shown.error ? 400 : shown.created ? 201 : 200;
  return c.html(<TokensPage ctx={pageCtx(c)} tz={tz} rows={r.value} {...shown} />, status);
}

export const tokensUi = new Hono<UiEnv>()
  .get("/token", requireUiSession, (c) => page(c))
  .post("/token", requireUiSession, async (c) => {
    const { form, t } = c.var;
    const input = tokenInput.safeParse({ name: field(form, "nama"), scopes: fields(form, "cakupan") });
    if (!input.success) return page(c, { error: invalidText(t, invalidZod(input.error)) });
    const r = await createToken(c.var.deps, c.var.principal, input.data);
    if (!r.ok) return uiFailure(c, r.error);
    // The secret is in this answer only (no redirect: it is stored nowhere it could be shown again).
    return page(c, { created: { name: r.value.row.name, token: r.value.token } });
  })
  .post("/token/:id/cabut", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => revokeToken(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect("/token", 303);
  });
