import { type Kysely, sql } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// The model registry: every training run of a clinic's model, promoted or refused,
// with what it learned from and how it did on the clinic's recent held-out verdicts.
// The artefact lives in the database (base64 of the gzip of what differs from the
// shipped base model, tens of kilobytes), so classifier processes on other machines
// load it without a shared disk. At most one model per clinic is active.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("clinic_models")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("base_version", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull()) // promoted | refused
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("trigger", "text", (c) => c.notNull()) // threshold | schedule | request
    .addColumn("verdicts", "integer", (c) => c.notNull())
    .addColumn("positives", "integer", (c) => c.notNull())
    .addColumn("held_out", "integer", (c) => c.notNull())
    .addColumn("metrics", "text", (c) => c.notNull()) // JSON {candidate, active}
    .addColumn("refusal", "text")
    .addColumn("trained_through", "text") // created_at of the newest verdict it saw
    .addColumn("train_ms", "integer", (c) => c.notNull())
    .addColumn("artefact", "text")
    .addColumn("artefact_bytes", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("activated_at", "text")
    .execute();
  await db.schema
    .createIndex("clinic_models_tenant_idx")
    .on("clinic_models")
    .columns(["tenant_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("clinic_models_active_idx")
    .on("clinic_models")
    .column("tenant_id")
    .unique()
    .where(sql.ref("active"), "=", sql.lit(1))
    .execute();
  // New verdicts since a clinic's last training run are counted by (tenant_id, created_at).
  await db.schema
    .createIndex("verdicts_tenant_created_idx")
    .on("verdicts")
    .columns(["tenant_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("verdicts_tenant_created_idx").execute();
  await db.schema.dropTable("clinic_models").execute();
}
