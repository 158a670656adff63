/**
 * The reads across clinics the learning loop needs: which clinics have
 * verdicts their model has not seen (the training tick visits every clinic),
 * and the instance-wide model, trained on every clinic's verdicts.
 */
import { sql } from "kysely";
import type { Db } from "./connect.ts";
import {
  activateModelRun,
  getActiveModel,
  getModelArtefact,
  getModelRun,
  listModelRuns,
  listTrainingVerdicts,
  type NewModelRun,
  recordModelRun,
  type TrainingVerdict,
} from "./repositories/clinic-models.repository.ts";

/** A clinic with verdicts newer than the newest one its last training run saw. */
export interface ClinicWithNewVerdicts {
  tenantId: string;
  newVerdicts: number;
  /** When its last training run (promoted or refused) was recorded; null if never. */
  lastRunAt: string | null;
}

/** Every clinic with verdicts its model has not seen yet: what the training tick decides on. */
export async function listClinicsWithNewVerdicts(db: Db): Promise<ClinicWithNewVerdicts[]> {
  const res = await sql<{ tenant_id: string; n: number | string; last_run: string | null }>`
    select v.tenant_id, count(*) as n, m.last_run
    from verdicts v
    left join (
      select tenant_id, max(trained_through) as through, max(created_at) as last_run
      from clinic_models group by tenant_id
    ) m on m.tenant_id = v.tenant_id
    where m.through is null or v.created_at > m.through
    group by v.tenant_id, m.last_run`.execute(db);
  return res.rows.map((r) => ({ tenantId: r.tenant_id, newVerdicts: Number(r.n), lastRunAt: r.last_run }));
}

// The instance-wide model: registry rows without a clinic (tenant_id null), trained
// on every clinic's verdicts. Only the learning loop and operators reach these.

/** Records an instance training run; a promoted one becomes the active instance model in the same transaction. */
export const recordInstanceRun = (db: Db, run: NewModelRun) => recordModelRun(db, null, run);
export const getActiveInstanceModel = (db: Db) => getActiveModel(db, null);
export const getInstanceRun = (db: Db, id: string) => getModelRun(db, null, id);
/** The instance model's training runs, newest first. */
export const listInstanceRuns = (db: Db, limit = 50) => listModelRuns(db, null, limit);
/** The artefact of an instance model, by scorer version (base64 gzip), or undefined. */
export const getInstanceArtefact = (db: Db, version: string) => getModelArtefact(db, null, version);
/** Makes a promoted instance model active again (a rollback). Undefined when not an instance run or refused. */
export const activateInstanceRun = (db: Db, id: string) => activateModelRun(db, null, id);

/** Verdicts of all clinics since the instance model's last run, and when that run was recorded. */
export async function instanceNewVerdicts(db: Db): Promise<{ newVerdicts: number; lastRunAt: string | null }> {
  const last = await db
    .selectFrom("clinic_models")
    .select((eb) => [eb.fn.max("trained_through").as("through"), eb.fn.max("created_at").as("last_run")])
    .where("tenant_id", "is", null)
    .executeTakeFirst();
  let q = db.selectFrom("verdicts").select((eb) => eb.fn.countAll().as("n"));
  if (last?.through) q = q.where("created_at", ">", last.through);
  const n = await q.executeTakeFirst();
  return { newVerdicts: Number(n?.n ?? 0), lastRunAt: last?.last_run ?? null };
}

/** Clinics with no active model of their own: the instance model (or the base) scores them. */
export async function listClinicsWithoutModel(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom("tenants as t")
    .select("t.id")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("clinic_models as m")
            .select("m.id")
            .whereRef("m.tenant_id", "=", "t.id")
            .where("m.active", "=", 1),
        ),
      ),
    )
    .orderBy("t.id")
    .execute();
  return rows.map((r) => r.id);
}

/** A verdict of some clinic as an instance training row. */
export interface InstanceTrainingVerdict extends TrainingVerdict {
  tenantId: string;
}

/**
 * Every clinic's verdicts as training rows, oldest first: per clinic what
 * `listTrainingVerdicts` gives its own run (the latest verdict of each item, at
 * most `perClinic` most recent), pooled and ordered by time.
 */
export async function listInstanceTrainingVerdicts(db: Db, perClinic = 5_000): Promise<InstanceTrainingVerdict[]> {
  const tenants = await db.selectFrom("verdicts").select("tenant_id").distinct().execute();
  const out: InstanceTrainingVerdict[] = [];
  for (const t of tenants) {
    for (const v of await listTrainingVerdicts(db, t.tenant_id, perClinic)) out.push({ ...v, tenantId: t.tenant_id });
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}
