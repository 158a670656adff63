import type { ScoreResult } from "@klinik/core";
import { sql } from "kysely";
import type { Db } from "../connect.ts";
import type { ClinicModelTable } from "../tables/clinic-models.ts";
import { newId, nowIso } from "../util.ts";

/** A registry row without its artefact (what lists and status reads need). */
export type ClinicModelRow = Omit<ClinicModelTable, "artefact">;

/** A registry row's owner: a clinic's id, or null for the instance-wide model (trained on every clinic's verdicts). */
export type ModelOwner = string | null;

/** `tenant_id` matching the owner (`is null` for the instance model). */
const ownerOp = (owner: ModelOwner) => (owner === null ? "is" : "=");

export const MODEL_META = [
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

export type NewModelRun = Omit<ClinicModelTable, "id" | "tenant_id" | "active" | "created_at" | "activated_at">;

/**
 * Records a training run; a promoted one becomes the clinic's active model in
 * the same transaction (the one before it is retired).
 */
export async function recordModelRun(db: Db, tenantId: ModelOwner, run: NewModelRun): Promise<ClinicModelRow> {
  return db.transaction().execute(async (tx) => {
    const now = nowIso();
    const activate = run.outcome === "promoted";
    if (activate)
      await tx
        .updateTable("clinic_models")
        .set({ active: 0 })
        .where("tenant_id", ownerOp(tenantId), tenantId)
        .where("active", "=", 1)
        .execute();
    const row: ClinicModelTable = {
      ...run,
      id: newId(),
      tenant_id: tenantId,
      active: activate ? 1 : 0,
      created_at: now,
      activated_at: activate ? now : null,
    };
    await tx.insertInto("clinic_models").values(row).execute();
    const { artefact: _a, ...meta } = row;
    return meta;
  });
}

export async function getActiveModel(db: Db, tenantId: ModelOwner): Promise<ClinicModelRow | undefined> {
  return db
    .selectFrom("clinic_models")
    .select(MODEL_META)
    .where("tenant_id", ownerOp(tenantId), tenantId)
    .where("active", "=", 1)
    .executeTakeFirst();
}

export async function getModelRun(db: Db, tenantId: ModelOwner, id: string): Promise<ClinicModelRow | undefined> {
  return db
    .selectFrom("clinic_models")
    .select(MODEL_META)
    .where("tenant_id", ownerOp(tenantId), tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The clinic's training runs, newest first. */
export async function listModelRuns(db: Db, tenantId: ModelOwner, limit = 50): Promise<ClinicModelRow[]> {
  return db
    .selectFrom("clinic_models")
    .select(MODEL_META)
    .where("tenant_id", ownerOp(tenantId), tenantId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** The artefact of one of the clinic's models, by scorer version (base64 gzip), or undefined. */
export async function getModelArtefact(db: Db, tenantId: ModelOwner, version: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("clinic_models")
    .select("artefact")
    .where("tenant_id", ownerOp(tenantId), tenantId)
    .where("version", "=", version)
    .where("artefact", "is not", null)
    .executeTakeFirst();
  return row?.artefact ?? undefined;
}

/**
 * Makes a promoted model of the clinic active again (a rollback); the active
 * one is retired. Undefined when it is not the clinic's or was refused.
 */
export async function activateModelRun(db: Db, tenantId: ModelOwner, id: string): Promise<ClinicModelRow | undefined> {
  return db.transaction().execute(async (tx) => {
    const row = await getModelRun(tx, tenantId, id);
    if (row?.outcome !== "promoted") return undefined;
    if (row.active === 1) return row;
    const now = nowIso();
    await tx
      .updateTable("clinic_models")
      .set({ active: 0 })
      .where("tenant_id", ownerOp(tenantId), tenantId)
      .where("active", "=", 1)
      .execute();
    await tx
      .updateTable("clinic_models")
      .set({ active: 1, activated_at: now })
      .where("tenant_id", ownerOp(tenantId), tenantId)
      .where("id", "=", id)
      .execute();
    return { ...row, active: 1, activated_at: now };
  });
}

export interface TrainingVerdict {
  itemId: string;
  title: string | null;
  text: string;
  url: string | null;
  verdict: string;
  createdAt: string;
}

/**
 * The clinic's verdicts as training rows, oldest first: the latest verdict of
 * each item (a claim re-judged counts once, as it stands), at most `limit`
 * of the most recent items.
 */
export async function listTrainingVerdicts(db: Db, tenantId: string, limit = 5_000): Promise<TrainingVerdict[]> {
  const rows = await db
    .selectFrom("verdicts as v")
    .innerJoin("items as i", "i.id", "v.item_id")
    .select(["v.item_id", "i.title", "i.text", "i.url", "v.verdict", "v.created_at"])
    .where("v.tenant_id", "=", tenantId)
    .where("i.tenant_id", "=", tenantId)
    .orderBy("v.created_at", "desc")
    .orderBy("v.id", "desc")
    .limit(limit * 2)
    .execute();
  const seen = new Set<string>();
  const out: TrainingVerdict[] = [];
  for (const r of rows) {
    if (seen.has(r.item_id) || out.length >= limit) continue;
    seen.add(r.item_id);
    out.push({
      itemId: r.item_id,
      title: r.title,
      text: r.text,
      url: r.url,
      verdict: r.verdict,
      createdAt: r.created_at,
    });
  }
  return out.reverse();
}

const OPEN = ["new", "in_review"] as const;

/** Ids of the clinic's open items (waiting for a verdict) after `afterId`, in id order. */
export async function listOpenItemIds(db: Db, tenantId: string, afterId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom("items")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("status", "in", OPEN)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * How many of the clinic's open items a re-scoring with `version` would change: those
 * not already scored by it (the re-scoring skips them), for the rollback's confirmation.
 */
export async function countOpenItemsToRescore(db: Db, tenantId: string, version: string): Promise<number> {
  const row = await db
    .selectFrom("items")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("tenant_id", "=", tenantId)
    .where("status", "in", OPEN)
    .where((eb) => eb.or([eb("model_version", "is", null), eb("model_version", "!=", version)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The open items among `ids`, with what the scorer reads. */
export async function getOpenItemsForScoring(db: Db, tenantId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("items")
    .select(["id", "title", "text", "url", "model_version"])
    .where("tenant_id", "=", tenantId)
    .where("status", "in", OPEN)
    .where("id", "in", ids)
    .execute();
}

/**
 * Stores new scores of open items with the model version that made them, and
 * sets each touched claim's top score to that of its items. Items decided
 * meanwhile keep their score. Returns how many items changed.
 */
export async function storeRescored(
  db: Db,
  tenantId: string,
  modelVersion: string,
  rows: readonly { id: string; result: ScoreResult }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  return db.transaction().execute(async (tx) => {
    const now = nowIso();
    const clusters = new Set<string>();
    let stored = 0;
    for (let i = 0; i < rows.length; i += 100) {
      const values = sql.join(
        rows
          .slice(i, i + 100)
          .map((r) => sql`(${r.id}, cast(${r.result.score} as double precision), ${JSON.stringify(r.result.reasons)})`),
      );
      const res = await sql<{ cluster_id: string | null }>`
        update items set score = v.column2, reasons = v.column3, model_version = ${modelVersion}, updated_at = ${now}
        from (values ${values}) as v
        where items.id = v.column1 and items.tenant_id = ${tenantId} and items.status in ('new', 'in_review')
        returning items.cluster_id`.execute(tx);
      stored += res.rows.length;
      for (const r of res.rows) if (r.cluster_id) clusters.add(r.cluster_id);
    }
    const ids = [...clusters];
    for (let i = 0; i < ids.length; i += 200) {
      await sql`
        update clusters set updated_at = ${now}, max_score = coalesce((
          select max(m.score) from items m where m.tenant_id = ${tenantId} and m.cluster_id = clusters.id
        ), max_score)
        where clusters.tenant_id = ${tenantId} and clusters.id in (${sql.join(ids.slice(i, i + 200))})`.execute(tx);
    }
    return stored;
  });
}
