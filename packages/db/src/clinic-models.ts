import { ClinicGuard } from "./clinic-guard.ts";
import type { Db } from "./connect.ts";
import * as models from "./repositories/clinic-models.repository.ts";

type Rest<F> = F extends (db: Db, tenantId: string, ...rest: infer A) => unknown ? A : never;

/**
 * One clinic's model registry, training rows and re-scoring, bound like
 * `forClinic`'s handle: every query runs under the clinic guard.
 */
export class ClinicModels {
  private readonly db: Db;

  constructor(
    db: Db,
    readonly tenantId: string,
  ) {
    if (!tenantId) throw new Error("clinicModels needs a clinic id");
    this.db = db.withPlugin(new ClinicGuard(tenantId));
  }

  recordModelRun(run: models.NewModelRun) {
    return models.recordModelRun(this.db, this.tenantId, run);
  }
  getActiveModel() {
    return models.getActiveModel(this.db, this.tenantId);
  }
  listModelRuns(limit?: number) {
    return models.listModelRuns(this.db, this.tenantId, limit);
  }
  getModelRun(id: string) {
    return models.getModelRun(this.db, this.tenantId, id);
  }
  getModelArtefact(version: string) {
    return models.getModelArtefact(this.db, this.tenantId, version);
  }
  activateModelRun(id: string) {
    return models.activateModelRun(this.db, this.tenantId, id);
  }
  listTrainingVerdicts(limit?: number) {
    return models.listTrainingVerdicts(this.db, this.tenantId, limit);
  }
  listOpenItemIds(afterId: string, limit: number) {
    return models.listOpenItemIds(this.db, this.tenantId, afterId, limit);
  }
  countOpenItemsToRescore(version: string) {
    return models.countOpenItemsToRescore(this.db, this.tenantId, version);
  }
  getOpenItemsForScoring(ids: readonly string[]) {
    return models.getOpenItemsForScoring(this.db, this.tenantId, ids);
  }
  storeRescored(modelVersion: string, rows: Rest<typeof models.storeRescored>[1]) {
    return models.storeRescored(this.db, this.tenantId, modelVersion, rows);
  }
}

/** The model registry of one clinic (see {@link ClinicModels}). */
export function clinicModels(db: Db, tenantId: string): ClinicModels {
  return new ClinicModels(db, tenantId);
}
