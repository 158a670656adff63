/**
 * The reads across clinics the learning loop needs: which clinics have
 * verdicts their model has not seen (the training tick visits every clinic),
 * and the instance-wide model, trained on every clinic's verdicts.
 */
import { sql } from "kysely";
import type { Db } from "./connect.ts";
import {
  type ClinicModelRow,
  listTrainingVerdicts,
  type NewModelRun,
  type TrainingVerdict,
} from "./repositories/clinic-models.repository.ts";
import type { ClinicModelTable } from "./tables/clinic-models.ts";
import { newId, nowIso } from "./util.ts";

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

/** Instance runs' columns as lists and status reads need them (never the artefact). */
const INSTANCE_META = [
  "id",
  "tenant_id",
  "version",
  "base_version",
  "outcome",
  "active",
  "trigger",
  "verdicts",
  "positives",
  "held_out",
  "metrics",
  "refusal",
  "trained_through",
  "train_ms",
  "artefact_bytes",
  "created_at",
  "activated_at",
] as const;

/** Records an instance training run; a promoted one becomes the active instance model in the same transaction. */
export async function recordInstanceRun(db: Db, run: NewModelRun): Promise<ClinicModelRow> {
  return db.transaction().execute(async (tx) => {
    const now = nowIso();
    const activate = run.outcome === "promoted";
    if (activate)
      await tx
        .updateTable("clinic_models")
        .set({ active: 0 })
        .where("tenant_id", "is", null)
        .where("active", "=", 1)
        .execute();
    const row: ClinicModelTable = {
      ...run,
      id: newId(),
      tenant_id: null,
      active: activate ? 1 : 0,
      created_at: now,
      activated_at: activate ? now : null,
    };
    await tx.insertInto("clinic_models").values(row).execute();
    const { artefact: _a, ...meta } = row;
    return meta;
  });
}

export async function getActiveInstanceModel(db: Db): Promise<ClinicModelRow | undefined> {
  return db
    .selectFrom("clinic_models")
    .select(INSTANCE_META)
    .where("tenant_id", "is", null)
    .where("active", "=", 1)
    .executeTakeFirst();
}

export async function getInstanceRun(db: Db, id: string): Promise<ClinicModelRow | undefined> {
  return db
    .selectFrom("clinic_models")
    .select(INSTANCE_META)
    .where("tenant_id", "is", null)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The instance model's training runs, newest first. */
export async function listInstanceRuns(db: Db, limit = 50): Promise<ClinicModelRow[]> {
  return db
    .selectFrom("clinic_models")
    .select(INSTANCE_META)
    .where("tenant_id", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** The artefact of an instance model, by scorer version (base64 gzip), or undefined. */
export async function getInstanceArtefact(db: Db, version: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("clinic_models")
    .select("artefact")
    .where("tenant_id", "is", null)
    .where("version", "=", version)
    .where("artefact", "is not", null)
    .executeTakeFirst();
  return row?.artefact ?? undefined;
}

/** Makes a promoted instance model active again (a rollback). Undefined when not an instance run or refused. */
export async function activateInstanceRun(db: Db, id: string): Promise<ClinicModelRow | undefined> {
  return db.transaction().execute(async (tx) => {
    const row = await getInstanceRun(tx, id);
    if (row?.outcome !== "promoted") return undefined;
    if (row.active === 1) return row;
    const now = nowIso();
    await tx
      .updateTable("clinic_models")
      .set({ active: 0 })
      .where("tenant_id", "is", null)
      .where("active", "=", 1)
      .execute();
    await tx
      .updateTable("clinic_models")
      .set({ active: 1, activated_at: now })
      .where("tenant_id", "is", null)
      .where("id", "=", id)
      .execute();
    return { ...row, active: 1, activated_at: now };
  });
}

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
