/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { type Context, Hono } from "hono";
import { can } from "../../services/actor.ts";
import {
  activateInstanceModel,
  activateModel,
  instanceModelHistory,
  instanceModelStatus,
  instanceRollbackPreview,
  type ModelRunView,
  modelHistory,
  modelStatus,
  requestInstanceRetrain,
  requestRetrain,
} from "../../services/model.service.ts";
import type { Result } from "../../services/result.ts";
import { uiFailure } from "../failure.ts";
import { byId, pageCtx } from "../page-ctx.ts";
import { ModelActivateConfirmPage, ModelPage, type ModelScope, modelPath } from "../pages/model.page.tsx";
import { requireUiSession } from "../session.ts";
import { field, type UiEnv } from "../ui-context.ts";

const missing = { code: "not_found", message: "Model not found" } as const;
const NOTICES = { latih: "modelRetrainQueued", aktif: "modelActivated" } as const;

/** The page of a scope: the same service functions the API's GET routes call (they decide who may read). */
async function page(c: Context<UiEnv>, scope: ModelScope) {
  const { deps, principal, t } = c.var;
  const clinic = scope === "clinic";
  const status: Result<{ active: ModelRunView | null; training: boolean; instanceVersion?: string | null }> = clinic
    ? await modelStatus(deps, principal)
    : await instanceModelStatus(deps, principal);
  if (!status.ok) return uiFailure(c, status.error);
  const runs = clinic ? await modelHistory(deps, principal) : await instanceModelHistory(deps, principal);
  if (!runs.ok) return uiFailure(c, runs.error);
  const done = c.req.query("ok");
  const notice = done === "latih" || done === "aktif" ? t(NOTICES[done]) : undefined;
  return c.html(
    <ModelPage
      ctx={pageCtx(c)}
      tz={principal.tenant.timezone}
      scope={scope}
      active={status.value.active}
      instanceVersion={status.value.instanceVersion}
      training={status.value.training}
      runs={runs.value}
      canTrain={can(principal, clinic ? "model.train" : "instance.operate")}
      notice={notice}
    />,
  );
}

/**
 * The clinic's model (`/model`, its admins) and the instance model (`/model/instansi`, the
 * operator): history with figures, retrain, rollback. A rollback of the instance model
 * re-scores every clinic without a model of its own, so it asks first (a POST without
 * `konfirmasi=ya` shows what it would do).
 */
export const modelUi = new Hono<UiEnv>()
  .get("/model", requireUiSession, (c) => page(c, "clinic"))
  .post("/model/latih", requireUiSession, async (c) => {
    const r = await requestRetrain(c.var.deps, c.var.principal);
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect("/model?ok=latih", 303);
  })
  .post("/model/:id/aktifkan", requireUiSession, async (c) => {
    const r = await byId(c.req.param("id"), missing, (id) => activateModel(c.var.deps, c.var.principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect("/model?ok=aktif", 303);
  })
  .get("/model/instansi", requireUiSession, (c) => page(c, "instance"))
  .post("/model/instansi/latih", requireUiSession, async (c) => {
    const r = await requestInstanceRetrain(c.var.deps, c.var.principal);
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect(`${modelPath("instance")}?ok=latih`, 303);
  })
  .post("/model/instansi/:id/aktifkan", requireUiSession, async (c) => {
    const { deps, principal } = c.var;
    if (field(c.var.form, "konfirmasi") !== "ya") {
      const r = await byId(c.req.param("id"), missing, (id) => instanceRollbackPreview(deps, principal, id));
      if (!r.ok) return uiFailure(c, r.error);
      return c.html(
        <ModelActivateConfirmPage ctx={pageCtx(c)} tz={principal.tenant.timezone} scope="instance" {...r.value} />,
      );
    }
    const r = await byId(c.req.param("id"), missing, (id) => activateInstanceModel(deps, principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect(`${modelPath("instance")}?ok=aktif`, 303);
  });
