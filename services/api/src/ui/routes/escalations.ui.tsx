/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { ESCALATION_STATUSES } from "../../services/clinic-inputs.ts";
import {
  answerEscalation,
  escalateClaim,
  listEscalations,
  returnEscalation,
} from "../../services/escalations.service.ts";
import { uiFailure } from "../failure.ts";
import { byId, pageCtx, setFlash, takeFlash } from "../page-ctx.ts";
import { EscalationsPage } from "../pages/escalations.page.tsx";
import { requireUiSession } from "../session.ts";
import { field, type UiEnv } from "../ui-context.ts";

const missing = { code: "not_found", message: "Escalation not found" } as const;
const missingClaim = { code: "not_found", message: "Cluster not found" } as const;

export const escalationsUi = new Hono<UiEnv>()
  .get("/eskalasi", requireUiSession, async (c) => {
    const q = c.req.query("status");
    const status = ESCALATION_STATUSES.find((s) => s === q);
    const r = await listEscalations(c.var.deps, c.var.principal, { status, limit: 100 });
    if (!r.ok) return uiFailure(c, r.error);
    return c.html(
      <EscalationsPage
        ctx={pageCtx(c)}
        tz={c.var.principal.tenant.timezone}
        rows={r.value.rows}
        direction={r.value.direction}
        status={status}
        flash={takeFlash(c)}
      />,
    );
  })
  .post("/klaster/:id/eskalasi", requireUiSession, async (c) => {
    const id = c.req.param("id");
    const reason = field(c.var.form, "alasan").trim() || undefined;
    const r = await byId(id, missingClaim, (clusterId) =>
      escalateClaim(c.var.deps, c.var.principal, { clusterId, reason }),
    );
    if (!r.ok) return uiFailure(c, r.error);
    setFlash(c, c.var.t("escalated"));
    return c.redirect(`/klaster/${id}`, 303);
  })
  .post("/eskalasi/:id/jawab", requireUiSession, async (c) => {
    const { form, t } = c.var;
    const verdict = field(form, "verdict");
    const input = { answer: field(form, "jawaban"), verdict: verdict || undefined };
    const r = await byId(c.req.param("id"), missing, (id) => answerEscalation(c.var.deps, c.var.principal, id, input));
    if (!r.ok) return uiFailure(c, r.error);
    setFlash(c, t("answerSaved"));
    return c.redirect("/eskalasi", 303);
  })
  .post("/eskalasi/:id/kembalikan", requireUiSession, async (c) => {
    const input = { reason: field(c.var.form, "alasan") };
    const r = await byId(c.req.param("id"), missing, (id) => returnEscalation(c.var.deps, c.var.principal, id, input));
    if (!r.ok) return uiFailure(c, r.error);
    setFlash(c, c.var.t("returnSaved"));
    return c.redirect("/eskalasi", 303);
  });
