import {
  clinicModels,
  type Db,
  getActiveInstanceModel,
  getInstanceArtefact,
  instanceNewVerdicts,
  listClinicsWithNewVerdicts,
  listClinicsWithoutModel,
  listInstanceTrainingVerdicts,
  type NewModelRun,
  recordInstanceRun,
} from "@klinik/db";
import { enqueue, enqueueBulk, enqueueTraining, type JobPayload, type Queues } from "@klinik/queue";
import type { ActiveModels } from "./active-models.ts";
import type { Train } from "./train-thread.ts";

/** Fewer usable verdicts than this and a clinic is not trained (its held-out part would say nothing). */
export const MIN_TRAINING_VERDICTS = 10;

/**
 * The instance model learns from each clinic's most recent verdicts up to this
 * many, so a busy clinic cannot outweigh the others (its items are judged as
 * much as anyone's, but its vocabulary does not become everyone's).
 */
export const INSTANCE_VERDICTS_PER_CLINIC = 300;

const USABLE = new Set(["false", "misleading", "true"]);

export interface TrainModelDeps {
  db: Db;
  queues: Queues;
  baseVersion: string;
  modelPath: string | undefined;
  train: Train;
  /** This process's hot switch, told at once when it promotes a model. */
  models?: ActiveModels;
}

export type TrainModelOutcome =
  | { outcome: "skipped"; verdicts: number }
  | { outcome: "promoted" | "refused"; version: string; verdicts: number; ms: number };

/**
 * A clinic's training run: its verdicts and active model go to a training
 * thread; the run is recorded in the registry, promoted or refused; a promoted
 * model becomes active at once and its clinic's open items are re-scored.
 * Idempotent enough for at-least-once: a second run records a second row.
 */
export function createTrainModelProcessor(deps: TrainModelDeps) {
  return async ({ tenantId, trigger }: JobPayload<"train-model">): Promise<TrainModelOutcome> => {
    if (tenantId === null) return trainInstance(deps, trigger);
    const clinic = clinicModels(deps.db, tenantId);
    return trainAndRecord(deps, {
      rows: await clinic.listTrainingVerdicts(),
      trigger,
      // Judged against what scores the clinic now: its own model, else the instance model.
      active: async () => {
        const own = await clinic.getActiveModel();
        return own && own.base_version === deps.baseVersion
          ? await clinic.getModelArtefact(own.version)
          : await instanceArtefact(deps);
      },
      record: (run) => clinic.recordModelRun(run),
      promoted: async (version) => {
        deps.models?.forget(tenantId);
        await enqueue(deps.queues, "rescore", { tenantId, version });
      },
    });
  };
}

/**
 * The instance model's run: every clinic's verdicts (each clinic's capped at
 * {@link INSTANCE_VERDICTS_PER_CLINIC}) pooled by time, so the held-out part is
 * the most recent verdicts of all clinics; judged against the active instance
 * model. A promoted one re-scores the open items of every clinic without a
 * model of its own (those it now scores).
 */
async function trainInstance(
  deps: TrainModelDeps,
  trigger: JobPayload<"train-model">["trigger"],
): Promise<TrainModelOutcome> {
  return trainAndRecord(deps, {
    rows: await listInstanceTrainingVerdicts(deps.db, INSTANCE_VERDICTS_PER_CLINIC),
    trigger,
    active: () => instanceArtefact(deps),
    record: (run) => recordInstanceRun(deps.db, run),
    promoted: (version) => rescoreInstanceClinics(deps, version),
  });
}

/**
 * One training run, a clinic's or the instance's: enough usable verdicts, or
 * skipped; trained on its thread against the active artefact; recorded in the
 * registry (promoted or refused); `promoted` told when it became active.
 */
async function trainAndRecord(
  deps: TrainModelDeps,
  run: {
    rows: { text: string; title: string | null; url: string | null; verdict: string; createdAt: string }[];
    trigger: JobPayload<"train-model">["trigger"];
    active: () => Promise<string | undefined>;
    record: (row: NewModelRun) => Promise<unknown>;
    promoted: (version: string) => Promise<void>;
  },
): Promise<TrainModelOutcome> {
  const { rows } = run;
  const usable = rows.filter((r) => USABLE.has(r.verdict)).length;
  if (usable < MIN_TRAINING_VERDICTS) return { outcome: "skipped", verdicts: usable };
  const artefact = await run.active();
  const out = await deps.train({
    modelPath: deps.modelPath,
    verdicts: rows.map((r) => ({ text: r.text, title: r.title, url: r.url, verdict: r.verdict })),
    active: artefact ? Buffer.from(artefact, "base64") : null,
  });
  await run.record({
    version: out.version,
    base_version: out.baseVersion,
    outcome: out.promote ? "promoted" : "refused",
    trigger: run.trigger,
    verdicts: out.verdicts,
    positives: out.positives,
    held_out: out.heldOut,
    metrics: JSON.stringify({ candidate: out.candidate, active: out.active }),
    refusal: out.refusal,
    trained_through: rows.reduce<string | null>((m, r) => (m === null || r.createdAt > m ? r.createdAt : m), null),
    train_ms: out.ms,
    artefact: out.artefact ? Buffer.from(out.artefact).toString("base64") : null,
    artefact_bytes: out.artefact?.byteLength ?? 0,
  });
  if (out.promote) await run.promoted(out.version);
  return { outcome: out.promote ? "promoted" : "refused", version: out.version, verdicts: out.verdicts, ms: out.ms };
}

/** The active instance model's artefact, if it was fitted on this base. */
async function instanceArtefact(deps: TrainModelDeps): Promise<string | undefined> {
  const active = await getActiveInstanceModel(deps.db);
  return active && active.base_version === deps.baseVersion
    ? await getInstanceArtefact(deps.db, active.version)
    : undefined;
}

/** After the instance model changed: every clinic it scores (no model of its own) re-scores its open items. */
export async function rescoreInstanceClinics(deps: { db: Db; queues: Queues; models?: ActiveModels }, version: string) {
  deps.models?.forgetAll();
  const tenants = await listClinicsWithoutModel(deps.db);
  await enqueueBulk(
    deps.queues,
    "rescore",
    tenants.map((tenantId) => ({ payload: { tenantId, version } })),
  );
}

/** Kept here too for the worker's callers; the API enqueues through @klinik/queue as well. */
export { enqueueTraining };

/**
 * The training tick: a clinic with `retrainVerdicts` new verdicts since its
 * last run is trained now; one with any new verdict whose last run is older
 * than `retrainEveryMs` is trained on the schedule.
 */
export async function enqueueDueTraining(
  deps: { db: Db; queues: Queues; retrainVerdicts: number; retrainEveryMs: number },
  now = Date.now(),
): Promise<number> {
  const due = await listClinicsWithNewVerdicts(deps.db);
  const jobs = due.flatMap((c) => {
    const trigger = dueTrigger(c, deps, now);
    return trigger ? [{ c, trigger }] : [];
  });
  await enqueueBulk(
    deps.queues,
    "train-model",
    jobs.map(({ c, trigger }) => ({ payload: { tenantId: c.tenantId, trigger }, dedupId: `train:${c.tenantId}` })),
  );
  return jobs.length;
}

/**
 * The training tick for the instance model, by the clinics' rule over the
 * verdicts of all clinics: `retrainVerdicts` new ones since its last run, or
 * any once that run is older than `retrainEveryMs`. True when it enqueued one.
 */
export async function enqueueDueInstanceTraining(
  deps: { db: Db; queues: Queues; retrainVerdicts: number; retrainEveryMs: number },
  now = Date.now(),
): Promise<boolean> {
  const trigger = dueTrigger(await instanceNewVerdicts(deps.db), deps, now);
  if (trigger) await enqueueTraining(deps.queues, null, trigger);
  return trigger !== null;
}

/**
 * When a model is due for training, a clinic's or the instance's: `retrainVerdicts`
 * new verdicts since its last run, or any new one once that run is older than
 * `retrainEveryMs` (never run: only by the count). 0 turns a rule off.
 */
function dueTrigger(
  owner: { newVerdicts: number; lastRunAt: string | null },
  rule: { retrainVerdicts: number; retrainEveryMs: number },
  now: number,
): "threshold" | "schedule" | null {
  if (rule.retrainVerdicts > 0 && owner.newVerdicts >= rule.retrainVerdicts) return "threshold";
  const stale = owner.lastRunAt !== null && now - Date.parse(owner.lastRunAt) >= rule.retrainEveryMs;
  return rule.retrainEveryMs > 0 && owner.newVerdicts > 0 && stale ? "schedule" : null;
}
