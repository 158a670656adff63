import { clinicModels, type Db } from "@klinik/db";
import { enqueueBulk, type JobPayload, type Queues, RESCORE_BATCH } from "@klinik/queue";
import type { ActiveModels } from "./active-models.ts";
import type { ScoreRunner } from "./score-pool.ts";

export type RescoreOutcome = { stale: true } | { batches: number } | { rescored: number };

/**
 * Re-scores a clinic's open items after a model became its active one. The
 * first job (no item ids) lists the open items and enqueues one job per
 * batch, so several classifier processes share the work; each batch scores
 * with that model and stores scores, reasons and the model version, and the
 * claims' top scores follow. A job for a model no longer active does nothing
 * (a newer one, or a rollback, has its own re-scoring). Idempotent: items
 * already carrying the version are skipped.
 */
export function createRescoreProcessor(deps: { db: Db; queues: Queues; runner: ScoreRunner; models: ActiveModels }) {
  return async ({ tenantId, version, itemIds }: JobPayload<"rescore">): Promise<RescoreOutcome> => {
    deps.models.forget(tenantId);
    const model = await deps.models.refFor(tenantId);
    if (model.version !== version) return { stale: true };
    if (!itemIds) {
      const jobs: { payload: JobPayload<"rescore"> }[] = [];
      for (let after = ""; ; ) {
        const ids = await clinicModels(deps.db, tenantId).listOpenItemIds(after, 5_000);
        for (let i = 0; i < ids.length; i += RESCORE_BATCH)
          jobs.push({ payload: { tenantId, version, itemIds: ids.slice(i, i + RESCORE_BATCH) } });
        if (ids.length < 5_000) break;
        after = ids[ids.length - 1] as string;
      }
      await enqueueBulk(deps.queues, "rescore", jobs);
      return { batches: jobs.length };
    }
    const items = (await clinicModels(deps.db, tenantId).getOpenItemsForScoring(itemIds)).filter(
      (it) => it.model_version !== version,
    );
    if (items.length === 0) return { rescored: 0 };
    const scored = await deps.runner.scoreWith(items, model);
    // The model did not load here (a corrupt artefact): the base's scores would undo nothing useful.
    if (scored.version !== version) throw new Error(`model ${version} of clinic ${tenantId} could not be loaded`);
    const rescored = await clinicModels(deps.db, tenantId).storeRescored(
      version,
      scored.out.map((s) => ({ id: s.id, result: s.result })),
    );
    return { rescored };
  };
}
