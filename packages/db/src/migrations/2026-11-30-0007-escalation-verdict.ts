import { type Kysely, sql } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// A province's answer to an escalation may suggest a verdict (stored on the escalation,
// never written into the regency's claim); a claim has at most one open escalation,
// which the database enforces too (two analysts escalating at the same moment).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("escalations").addColumn("verdict", "text").execute();
  await db.schema
    .createIndex("escalations_open_idx")
    .on("escalations")
    .columns(["tenant_id", "cluster_id"])
    .unique()
    .where(sql.ref("status"), "=", sql.lit("open"))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("escalations_open_idx").execute();
  await db.schema.alterTable("escalations").dropColumn("verdict").execute();
}
