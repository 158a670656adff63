import {
  activateInstanceRun,
  type ClinicModelRow,
  clinicModels,
  getActiveInstanceModel,
  getInstanceRun,
  listClinicsWithoutModel,
  listInstanceRuns,
} from "@klinik/db";
import { enqueue, enqueueBulk, enqueueTraining, trainingInProgress } from "@klinik/queue";
import { type Actor, clinicOf, denied } from "./actor.ts";
import { audit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { fail, notFound, ok, type Result } from "./result.ts";

type Deps = Pick<ServiceDeps, "db" | "queues">;

/** A registry row as the API and the admin page show it (never the artefact). */
export interface ModelRunView {
  id: string;
  version: string;
  baseVersion: string;
  outcome: "promoted" | "refused";
  active: boolean;
  trigger: "threshold" | "schedule" | "request";
  verdicts: number;
  positives: number;
  heldOut: number;
  /** Held-out figures of the candidate and of the model active when it was judged. */
  metrics: Record<string, unknown>;
  refusal: string | null;
  trainMs: number;
  artefactBytes: number;
  createdAt: string;
  activatedAt: string | null;
}

export function modelRunView(r: ClinicModelRow): ModelRunView {
  let metrics: Record<string, unknown> = {};
  try {
    metrics = JSON.parse(r.metrics) as Record<string, unknown>;
  } catch {
    // A row written by a future version: its figures are shown as absent, not as an error.
  }
  return {
    id: r.id,
    version: r.version,
    baseVersion: r.base_version,
    outcome: r.outcome,
    active: r.active === 1,
    trigger: r.trigger,
    verdicts: r.verdicts,
    positives: r.positives,
    heldOut: r.held_out,
    metrics,
    refusal: r.refusal,
    trainMs: r.train_ms,
    artefactBytes: r.artefact_bytes,
    createdAt: r.created_at,
    activatedAt: r.activated_at,
  };
}

/**
 * The clinic's active model and whether a training run waits or runs. Without a model of
 * its own the clinic is scored by the active instance model (`instanceVersion`; only its
 * version: the instance model's figures are pooled over clinics, the operator's to read),
 * or by the shipped base model when there is none.
 */
export async function modelStatus(
  deps: Deps,
  actor: Actor,
): Promise<Result<{ active: ModelRunView | null; instanceVersion: string | null; training: boolean }>> {
  const no = denied(actor, "model.read");
  if (no) return no;
  const models = clinicModels(deps.db, actor.tenant.id);
  const [active, training] = await Promise.all([
    models.getActiveModel(),
    trainingInProgress(deps.queues, actor.tenant.id),
  ]);
  const instance = active ? undefined : await getActiveInstanceModel(deps.db);
  return ok({ active: active ? modelRunView(active) : null, instanceVersion: instance?.version ?? null, training });
}

/** The clinic's training runs, newest first: promoted and refused, with their figures. */
export async function modelHistory(deps: Deps, actor: Actor, limit = 50): Promise<Result<ModelRunView[]>> {
  const no = denied(actor, "model.read");
  if (no) return no;
  const rows = await clinicModels(deps.db, actor.tenant.id).listModelRuns(limit);
  return ok(rows.map(modelRunView));
}

/** Starts a training run of the clinic's model now (one waits or runs per clinic at most). */
export async function requestRetrain(deps: Deps, actor: Actor): Promise<Result<{ training: true }>> {
  const no = denied(actor, "model.train");
  if (no) return no;
  await enqueueTraining(deps.queues, actor.tenant.id, "request");
  await audit(clinicOf(deps, actor), actor, { action: "model.retrain", targetType: "model" });
  return ok({ training: true });
}

/**
 * Rollback: makes an earlier promoted model of the clinic active again and re-scores
 * the clinic's open items with it. A refused run was never good enough to score with.
 */
export async function activateModel(deps: Deps, actor: Actor, runId: string): Promise<Result<ModelRunView>> {
  const no = denied(actor, "model.train");
  if (no) return no;
  const models = clinicModels(deps.db, actor.tenant.id);
  const run = await models.getModelRun(runId);
  if (!run) return notFound("Model");
  if (run.outcome !== "promoted") return fail("conflict", "This training run was refused: it never scored anything");
  const before = await models.getActiveModel();
  const now = await models.activateModelRun(runId);
  if (!now) return notFound("Model");
  if (before?.id !== now.id) {
    await enqueue(deps.queues, "rescore", { tenantId: actor.tenant.id, version: now.version });
  }
  await audit(clinicOf(deps, actor), actor, {
    action: "model.activate",
    targetType: "model",
    targetId: now.id,
    summary: { before: before?.version ?? null, after: now.version },
  });
  return ok(modelRunView(now));
}

// The instance-wide model (trained on every clinic's verdicts; it scores each clinic
// without an active model of its own): the operator's alone. Its figures are pooled
// over clinics, its rows name no clinic, and no verdict is shown.

/** The active instance model (null: none yet, clinics without their own are scored by the base) and training state. */
export async function instanceModelStatus(
  deps: Deps,
  actor: Actor,
): Promise<Result<{ active: ModelRunView | null; training: boolean }>> {
  const no = denied(actor, "instance.operate");
  if (no) return no;
  const [active, training] = await Promise.all([
    getActiveInstanceModel(deps.db),
    trainingInProgress(deps.queues, null),
  ]);
  return ok({ active: active ? modelRunView(active) : null, training });
}

/** The instance model's training runs, newest first. */
export async function instanceModelHistory(deps: Deps, actor: Actor, limit = 50): Promise<Result<ModelRunView[]>> {
  const no = denied(actor, "instance.operate");
  if (no) return no;
  return ok((await listInstanceRuns(deps.db, limit)).map(modelRunView));
}

/** Starts a training run of the instance model now (at most one waits or runs). Audited in the operator's clinic. */
export async function requestInstanceRetrain(deps: Deps, actor: Actor): Promise<Result<{ training: true }>> {
  const no = denied(actor, "instance.operate");
  if (no) return no;
  await enqueueTraining(deps.queues, null, "request");
  await audit(clinicOf(deps, actor), actor, { action: "model.instance_retrain", targetType: "model" });
  return ok({ training: true });
}

/** A promoted instance run the operator may make active again; refused like the activation itself. */
async function promotedInstanceRun(deps: Deps, actor: Actor, runId: string) {
  const no = denied(actor, "instance.operate");
  if (no) return no;
  const run = await getInstanceRun(deps.db, runId);
  if (!run) return notFound("Model");
  if (run.outcome !== "promoted") return fail("conflict", "This training run was refused: it never scored anything");
  return ok(run);
}

/**
 * What a rollback of the instance model would do, for the operator's confirmation step:
 * the run, the model active now, and how many clinics (those without a model of their own)
 * would re-score their open items with it.
 */
export async function instanceRollbackPreview(
  deps: Deps,
  actor: Actor,
  runId: string,
): Promise<Result<{ run: ModelRunView; active: ModelRunView | null; clinics: number }>> {
  const run = await promotedInstanceRun(deps, actor, runId);
  if (!run.ok) return run;
  const [active, clinics] = await Promise.all([getActiveInstanceModel(deps.db), listClinicsWithoutModel(deps.db)]);
  return ok({ run: modelRunView(run.value), active: active ? modelRunView(active) : null, clinics: clinics.length });
}

/**
 * Rollback of the instance model: an earlier promoted one becomes active again and
 * the clinics it scores (those without a model of their own) re-score their open items.
 */
export async function activateInstanceModel(deps: Deps, actor: Actor, runId: string): Promise<Result<ModelRunView>> {
  const run = await promotedInstanceRun(deps, actor, runId);
  if (!run.ok) return run;
  const before = await getActiveInstanceModel(deps.db);
  const now = await activateInstanceRun(deps.db, runId);
  if (!now) return notFound("Model");
  if (before?.id !== now.id) {
    const tenants = await listClinicsWithoutModel(deps.db);
    await enqueueBulk(
      deps.queues,
      "rescore",
      tenants.map((tenantId) => ({ payload: { tenantId, version: now.version } })),
    );
  }
  await audit(clinicOf(deps, actor), actor, {
    action: "model.instance_activate",
    targetType: "model",
    targetId: now.id,
    summary: { before: before?.version ?? null, after: now.version },
  });
  return ok(modelRunView(now));
}
