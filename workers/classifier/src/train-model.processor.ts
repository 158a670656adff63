import { clinicModels, type Db, listClinicsWithNewVerdicts } from "@klinik/db";
import { enqueue, enqueueBulk, type JobPayload, type Queues } from "@klinik/queue";
import type { ActiveModels } from "./active-models.ts";
import type { Train } from "./train-thread.ts";

/** Fewer usable verdicts than this and a clinic is not trained (its held-out part would say nothing). */
export const MIN_TRAINING_VERDICTS = 10;

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
    const rows = await clinicModels(deps.db, tenantId).listTrainingVerdicts();
    const usable = rows.filter((r) => USABLE.has(r.verdict)).length;
    if (usable < MIN_TRAINING_VERDICTS) return { outcome: "skipped", verdicts: usable };
    const active = await clinicModels(deps.db, tenantId).getActiveModel();
    const artefact =
      active && active.base_version === deps.baseVersion
        ? await clinicModels(deps.db, tenantId).getModelArtefact(active.version)
        : undefined;
    const out = await deps.train({
      modelPath: deps.modelPath,
      verdicts: rows.map((r) => ({ text: r.text, title: r.title, url: r.url, verdict: r.verdict })),
      active: artefact ? Buffer.from(artefact, "base64") : null,
    });
    const stored = out.artefact ? Buffer.from(out.artefact).toString("base64") : null;
    await clinicModels(deps.db, tenantId).recordModelRun({
      version: out.version,
      base_version: out.baseVersion,
      outcome: out.promote ? "promoted" : "refused",
      trigger,
      verdicts: out.verdicts,
      positives: out.positives,
      held_out: out.heldOut,
      metrics: JSON.stringify({ candidate: out.candidate, active: out.active }),
      refusal: out.refusal,
      trained_through:
        rows
          .map((r) => r.createdAt)
          .sort()
          .at(-1) ?? null,
      train_ms: out.ms,
      artefact: stored,
      artefact_bytes: out.artefact?.byteLength ?? 0,
    });
    if (out.promote) {
      deps.models?.forget(tenantId);
      await enqueue(deps.queues, "rescore", { tenantId, version: out.version });
    }
    return { outcome: out.promote ? "promoted" : "refused", version: out.version, verdicts: out.verdicts, ms: out.ms };
  };
}

/** Kept here too for the worker's callers; the API enqueues through @klinik/queue as well. */
export { enqueueTraining } from "@klinik/queue";

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
  type Trigger = JobPayload<"train-model">["trigger"];
  const jobs = due.flatMap((c): { c: (typeof due)[number]; trigger: Trigger }[] => {
    if (deps.retrainVerdicts > 0 && c.newVerdicts >= deps.retrainVerdicts) return [{ c, trigger: "threshold" }];
    const stale = c.lastRunAt !== null && now - Date.parse(c.lastRunAt) >= deps.retrainEveryMs;
    return deps.retrainEveryMs > 0 && stale ? [{ c, trigger: "schedule" }] : [];
  });
  await enqueueBulk(
    deps.queues,
    "train-model",
    jobs.map(({ c, trigger }) => ({ payload: { tenantId: c.tenantId, trigger }, dedupId: `train:${c.tenantId}` })),
  );
  return jobs.length;
}
