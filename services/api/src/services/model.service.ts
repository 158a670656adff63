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
import { type Actor, clinicOf, denied, type Permission } from "./actor.ts";
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

// Rollback: an earlier promoted model of a clinic (its admins) or of the instance (the
// operator) becomes active again and what it scores re-scores its open items, so the
// order of an analyst's queue changes. One rule for both registries, and the UI asks
// first with one preview (the JSON API's clients confirm on their side).

/** A model registry a rollback acts on, and who may roll it back. */
interface Registry {
  permission: Permission;
  action: "model.activate" | "model.instance_activate";
  run(id: string): Promise<ClinicModelRow | undefined>;
  active(): Promise<ClinicModelRow | undefined>;
  activate(id: string): Promise<ClinicModelRow | undefined>;
  /** How much would re-score with `version`: the clinic's open items, or the clinics the instance model scores. */
  toRescore(version: string): Promise<number>;
  rescore(version: string): Promise<void>;
}

/**
 * The actor's clinic's registry (bound to it under the clinic guard, as `clinicOf`'s handle
 * is; the registry is a handle of its own): its open items re-score.
 */
function clinicRegistry(deps: Deps, actor: Actor): Registry {
  const models = clinicModels(deps.db, actor.tenant.id);
  return {
    permission: "model.train",
    action: "model.activate",
    run: (id) => models.getModelRun(id),
    active: () => models.getActiveModel(),
    activate: (id) => models.activateModelRun(id),
    toRescore: (version) => models.countOpenItemsToRescore(version),
    rescore: async (version) => {
      await enqueue(deps.queues, "rescore", { tenantId: models.tenantId, version });
    },
  };
}

/** The instance's registry: every clinic without an active model of its own re-scores. */
function instanceRegistry(deps: Deps): Registry {
  return {
    permission: "instance.operate",
    action: "model.instance_activate",
    run: (id) => getInstanceRun(deps.db, id),
    active: () => getActiveInstanceModel(deps.db),
    activate: (id) => activateInstanceRun(deps.db, id),
    toRescore: async () => (await listClinicsWithoutModel(deps.db)).length,
    rescore: async (version) => {
      const tenants = await listClinicsWithoutModel(deps.db);
      await enqueueBulk(
        deps.queues,
        "rescore",
        tenants.map((tenantId) => ({ payload: { tenantId, version } })),
      );
    },
  };
}

/** A promoted run the actor may make active again (a refused run was never good enough to score with). */
async function promotedRun(actor: Actor, registry: Registry, runId: string): Promise<Result<ClinicModelRow>> {
  const no = denied(actor, registry.permission);
  if (no) return no;
  const run = await registry.run(runId);
  if (!run) return notFound("Model");
  if (run.outcome !== "promoted") return fail("conflict", "This training run was refused: it never scored anything");
  return ok(run);
}

/** What a rollback would do, for the confirmation step. */
export interface RollbackPreview {
  /** The run that would become active. */
  run: ModelRunView;
  /** The model it replaces (null: none of this registry is active). */
  active: ModelRunView | null;
  /** How much would re-score with it: open items (a clinic's model) or clinics (the instance model). */
  rescores: number;
}

async function preview(actor: Actor, registry: Registry, runId: string): Promise<Result<RollbackPreview>> {
  const run = await promotedRun(actor, registry, runId);
  if (!run.ok) return run;
  const [active, rescores] = await Promise.all([
    registry.active(),
    // Activating the active model again re-scores nothing.
    run.value.active === 1 ? 0 : registry.toRescore(run.value.version),
  ]);
  return ok({ run: modelRunView(run.value), active: active ? modelRunView(active) : null, rescores });
}

async function rollback(deps: Deps, actor: Actor, registry: Registry, runId: string): Promise<Result<ModelRunView>> {
  const run = await promotedRun(actor, registry, runId);
  if (!run.ok) return run;
  const before = await registry.active();
  const now = await registry.activate(runId);
  if (!now) return notFound("Model");
  if (before?.id !== now.id) await registry.rescore(now.version);
  await audit(clinicOf(deps, actor), actor, {
    action: registry.action,
    targetType: "model",
    targetId: now.id,
    summary: { before: before?.version ?? null, after: now.version },
  });
  return ok(modelRunView(now));
}

/** A clinic admin's rollback, before it acts: the model active now, the run, and how many open items re-score. */
export function modelRollbackPreview(deps: Deps, actor: Actor, runId: string): Promise<Result<RollbackPreview>> {
  return preview(actor, clinicRegistry(deps, actor), runId);
}

/** Rollback of the clinic's model: the run becomes active and the clinic's open items re-score with it. */
export function activateModel(deps: Deps, actor: Actor, runId: string): Promise<Result<ModelRunView>> {
  return rollback(deps, actor, clinicRegistry(deps, actor), runId);
}

/** The operator's rollback, before it acts: the model active now, the run, and how many clinics re-score. */
export function instanceRollbackPreview(deps: Deps, actor: Actor, runId: string): Promise<Result<RollbackPreview>> {
  return preview(actor, instanceRegistry(deps), runId);
}

/** Rollback of the instance model: the clinics it scores (no model of their own) re-score their open items. */
export function activateInstanceModel(deps: Deps, actor: Actor, runId: string): Promise<Result<ModelRunView>> {
  return rollback(deps, actor, instanceRegistry(deps), runId);
}
