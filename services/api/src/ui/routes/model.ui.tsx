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
  modelRollbackPreview,
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

/** A rollback of each scope: what it would do, and doing it. */
const ROLLBACK = {
  clinic: { preview: modelRollbackPreview, activate: activateModel },
  instance: { preview: instanceRollbackPreview, activate: activateInstanceModel },
} as const;

/**
 * "Aktifkan kembali": a POST without `konfirmasi=ya` shows what the rollback would do (the
 * model it replaces, how much re-scores) and changes nothing; with it, the run becomes active.
 */
async function rollback(c: Context<UiEnv>, scope: ModelScope) {
  const { deps, principal } = c.var;
  const { preview, activate } = ROLLBACK[scope];
  if (field(c.var.form, "konfirmasi") !== "ya") {
    const r = await byId(c.req.param("id"), missing, (id) => preview(deps, principal, id));
    if (!r.ok) return uiFailure(c, r.error);
    return c.html(
      <ModelActivateConfirmPage ctx={pageCtx(c)} tz={principal.tenant.timezone} scope={scope} {...r.value} />,
    );
  }
  const r = await byId(c.req.param("id"), missing, (id) => activate(deps, principal, id));
  if (!r.ok) return uiFailure(c, r.error);
  return c.redirect(`${modelPath(scope)}?ok=aktif`, 303);
}

/**
 * The clinic's model (`/model`, its admins) and the instance model (`/model/instansi`, the
 * operator): history with figures, retrain, rollback. A rollback re-scores open items (the
 * clinic's, or those of every clinic without a model of its own), so an analyst's queue
 * order changes: it asks first in both.
 */
export const modelUi = new Hono<UiEnv>()
  .get("/model", requireUiSession, (c) => page(c, "clinic"))
  .post("/model/latih", requireUiSession, async (c) => {
    const r = await requestRetrain(c.var.deps, c.var.principal);
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect("/model?ok=latih", 303);
  })
  .post("/model/:id/aktifkan", requireUiSession, (c) => rollback(c, "clinic"))
  .get("/model/instansi", requireUiSession, (c) => page(c, "instance"))
  .post("/model/instansi/latih", requireUiSession, async (c) => {
    const r = await requestInstanceRetrain(c.var.deps, c.var.principal);
    if (!r.ok) return uiFailure(c, r.error);
    return c.redirect(`${modelPath("instance")}?ok=latih`, 303);
  })
  .post("/model/instansi/:id/aktifkan", requireUiSession, (c) => rollback(c, "instance"));
