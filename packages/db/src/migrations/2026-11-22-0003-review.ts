import type { Kysely } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Analysts' notes on a claim, kept apart from verdicts so a note never closes anything.
  await db.schema
    .createTable("cluster_notes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("cluster_id", "text", (c) => c.notNull().references("clusters.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("cluster_notes_cluster_idx")
    .on("cluster_notes")
    .columns(["tenant_id", "cluster_id"])
    .execute();

  // "n klaim baru" polling counts clusters created since the page was rendered.
  await db.schema.createIndex("clusters_created_idx").on("clusters").columns(["tenant_id", "created_at"]).execute();
  // The queue in score order whatever the statuses: with several statuses (the default
  // "new + in review") an index led by status cannot give the order, and sorting every
  // open claim before LIMIT costs hundreds of ms at 100k items.
  await db.schema.createIndex("clusters_score_idx").on("clusters").columns(["tenant_id", "max_score", "id"]).execute();
  // A page's rows are read back by (tenant, id); without this, SQLite's planner would
  // rather walk a tenant-led index over every cluster than take 50 primary keys.
  await db.schema.createIndex("clusters_tenant_id_idx").on("clusters").columns(["tenant_id", "id"]).unique().execute();
  // Queue filtered by verdict, still ordered by score.
  await db.schema
    .createIndex("clusters_verdict_idx")
    .on("clusters")
    .columns(["tenant_id", "verdict", "max_score", "id"])
    .execute();
  // Queue filtered by source: does the cluster have a member from this source?
  await db.schema
    .createIndex("items_source_cluster_idx")
    .on("items")
    .columns(["tenant_id", "source_id", "cluster_id"])
    .execute();
  await db.schema.createIndex("sessions_expiry_idx").on("sessions").columns(["expires_at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("sessions_expiry_idx").execute();
  await db.schema.dropIndex("items_source_cluster_idx").execute();
  await db.schema.dropIndex("clusters_verdict_idx").execute();
  await db.schema.dropIndex("clusters_score_idx").execute();
  await db.schema.dropIndex("clusters_tenant_id_idx").execute();
  await db.schema.dropIndex("clusters_created_idx").execute();
  await db.schema.dropTable("cluster_notes").execute();
}
