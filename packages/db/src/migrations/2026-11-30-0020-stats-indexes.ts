import type { Kysely } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// Statistics read a period of items, verdicts and clarifications (stats-queries.ts). At
// 1,000,000 items in 552 clinics (`pnpm bench stats`, Postgres) every period read every
// row: items and verdicts are found by when they were made, in one clinic
// (tenant_id, created_at) or across the instance (created_at). Top claims count a period's
// items per claim: with created_at in the claim index the count is read from the index
// alone, in claim order, instead of hashing every item (which spilled to disk).
// (tenant_id, cluster_id, created_at) serves every look-up (tenant_id, cluster_id) served.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("items_created_idx").on("items").column("created_at").execute();
  await db.schema.createIndex("items_tenant_created_idx").on("items").columns(["tenant_id", "created_at"]).execute();
  await db.schema.createIndex("verdicts_created_idx").on("verdicts").column("created_at").execute();
  await db.schema
    .createIndex("items_cluster_created_idx")
    .on("items")
    .columns(["tenant_id", "cluster_id", "created_at"])
    .execute();
  await db.schema.dropIndex("items_cluster_idx").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("items_cluster_idx").on("items").columns(["tenant_id", "cluster_id"]).execute();
  await db.schema.dropIndex("items_cluster_created_idx").execute();
  await db.schema.dropIndex("verdicts_created_idx").execute();
  await db.schema.dropIndex("items_tenant_created_idx").execute();
  await db.schema.dropIndex("items_created_idx").execute();
}
