/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { type Context, Hono } from "hono";
import { can } from "../../services/actor.ts";
import { activateModel, modelHistory, modelStatus, requestRetrain } from "../../services/model.service.ts";
import { uiFailure } from "../failure.ts";
import { byId, pageCtx } from "../page-ctx.ts";
import { ModelPage } from "../pages/model.page.tsx";
import { requireUiSession } from "../session.ts";
import type { UiEnv } from "../ui-context.ts";

const missing = { code: "not_found", message: "Model not found" } as const;
const NOTICES = { latih: "modelRetrainQueued", aktif: "modelActivated" } as const;

async function page(c: Context<UiEnv>) {
  const { deps, principal, t } = c.var;
  const status = await modelStatus(deps, principal);
  if (!status.ok) return uiFailure(c, status.error);
  const runs = await modelHistory(deps, principal);
  if (!runs.ok) return uiFailure(c, runs.error);
  const done = c.req.query("ok");
  const notice = done === "latih" || done === "aktif" ? t(NOTICES[done]) : undefined;
  return c.html(
    <ModelPage
      ctx={pageCtx(c)}
      tz={principal.tenant.timezone}
      active={status.value.active}
      training={status.value.training}
      runs={runs.value}
      canTrain={can(principal, "model.train")}
      notice={notice}
    />,
  );
}

export const modelUi = new Hono<UiEnv>()
  .get("/model", requireUiSession, (c) => page(c))
  .post("/model/latih", requireUiSession, async (c) => {
    const r = await requestRetrain(c.var.deps, c.var.principal);
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect("/model?ok=latih", 303);
  })
  .post("/model/:id/aktifkan", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => activateModel(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect("/model?ok=aktif", 303);
  });
