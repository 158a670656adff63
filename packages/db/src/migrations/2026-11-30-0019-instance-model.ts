import { type Kysely, PostgresAdapter, sql } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// The instance-wide model lives in the same registry as the clinic models: its
// rows have no clinic (tenant_id null). At most one of them is active, as at
// most one per clinic is. SQLite cannot drop a NOT NULL, so there the table is
// rebuilt with its rows and indexes.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    await sql`alter table clinic_models alter column tenant_id drop not null`.execute(db);
  } else {
    await sql`create table clinic_models_new (
      id text primary key,
      tenant_id text references tenants(id),
      version text not null,
      base_version text not null,
      outcome text not null,
      active integer not null default 0,
      "trigger" text not null,
      verdicts integer not null,
      positives integer not null,
      held_out integer not null,
      metrics text not null,
      refusal text,
      trained_through text,
      train_ms integer not null,
      artefact text,
      artefact_bytes integer not null default 0,
      created_at text not null,
      activated_at text
    )`.execute(db);
    await sql`insert into clinic_models_new select id, tenant_id, version, base_version, outcome, active, "trigger",
      verdicts, positives, held_out, metrics, refusal, trained_through, train_ms, artefact, artefact_bytes,
      created_at, activated_at from clinic_models`.execute(db);
    await sql`drop table clinic_models`.execute(db);
    await sql`alter table clinic_models_new rename to clinic_models`.execute(db);
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
  }
  await sql`create unique index clinic_models_instance_active_idx on clinic_models (active)
    where tenant_id is null and active = 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index clinic_models_instance_active_idx`.execute(db);
  await sql`delete from clinic_models where tenant_id is null`.execute(db);
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) await sql`alter table clinic_models alter column tenant_id set not null`.execute(db);
}
