/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { type Context, Hono } from "hono";
import { invalidZod } from "../../services/inputs.ts";
import {
  createWebhook,
  disableWebhook,
  listWebhooks,
  webhookDeliveries,
  webhookInput,
} from "../../services/webhooks.service.ts";
import { invalidText, uiFailure } from "../failure.ts";
import { byId, pageCtx } from "../page-ctx.ts";
import { WebhookLogPage, WebhooksPage } from "../pages/webhooks.page.tsx";
import { requireUiSession } from "../session.ts";
import { field, type UiEnv } from "../ui-context.ts";

// Partner webhooks of the clinic (issue 13), under its settings; the same service calls as /api/v1/webhooks.

const missing = { code: "not_found", message: "Webhook not found" } as const;

async function page(c: Context<UiEnv>, shown: { created?: { name: string; secret: string }; error?: string } = {}) {
  const r = await listWebhooks(c.var.deps, c.var.principal);
  if (!r.ok) return uiFailure(c, r.error);
  const status = shown.error ? 400 : shown.created ? 201 : 200;
  return c.html(
    <WebhooksPage ctx={pageCtx(c)} tz={c.var.principal.tenant.timezone} rows={r.value} {...shown} />,
    status,
  );
}

export const webhooksUi = new Hono<UiEnv>()
  .get("/pengaturan/webhook", requireUiSession, (c) => page(c))
  .post("/pengaturan/webhook", requireUiSession, async (c) => {
    const { form, t } = c.var;
    const description = field(form, "keterangan").trim();
    const input = webhookInput.safeParse({ url: field(form, "url").trim(), ...(description ? { description } : {}) });
    if (!input.success) return page(c, { error: invalidText(t, invalidZod(input.error)) });
    const r = await createWebhook(c.var.deps, c.var.principal, input.data);
    if (!r.ok) {
      if (r.error.code === "invalid_request") return page(c, { error: invalidText(t, r.error) });
      return uiFailure(c, r.error);
    }
    // The secret is in this answer only (no redirect: it is stored nowhere it could be shown again).
    return page(c, { created: { name: r.value.name, secret: r.value.secret } });
  })
  .get("/pengaturan/webhook/:id", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => webhookDeliveries(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    return c.html(<WebhookLogPage ctx={pageCtx(c)} tz={c.var.principal.tenant.timezone} {...r.value} />);
  })
  .post("/pengaturan/webhook/:id/matikan", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => disableWebhook(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect("/pengaturan/webhook", 303);
  });
