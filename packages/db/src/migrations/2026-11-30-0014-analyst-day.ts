import { type Kysely, sql } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// An analyst's day (issue 15):
// - assignment is its own fact, apart from the editing lock: a claim names the person it is
//   assigned to, who assigned it and when it is due (opening it changes none of these);
//   `claimed_by`/`claimed_until` stay the short soft lock held only while someone edits;
// - a clarification carries the same short soft lock while someone edits it;
// - every verdict or dismissal (one claim or a bulk action) is a review action remembering each
//   claim's state before it, so it can be undone from the notice or reverted from the history;
//   the verdict rows it wrote name it and are marked reverted, never deleted;
// - evidence links (URL, title, kind) on a claim or a clarification.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("clusters").addColumn("assignee_id", "text").execute();
  await db.schema.alterTable("clusters").addColumn("assigned_by", "text").execute();
  await db.schema.alterTable("clusters").addColumn("due_at", "text").execute();
  await db.schema
    .createIndex("clusters_assignee_idx")
    .on("clusters")
    .columns(["tenant_id", "assignee_id", "status"])
    .execute();
  await db.schema.alterTable("clarifications").addColumn("locked_by", "text").execute();
  await db.schema.alterTable("clarifications").addColumn("locked_until", "text").execute();
  await db.schema.alterTable("verdicts").addColumn("action_id", "text").execute();
  await db.schema.alterTable("verdicts").addColumn("reverted_at", "text").execute();
  await db.schema.alterTable("verdicts").addColumn("reverted_by", "text").execute();
  await db.schema
    .createTable("review_actions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("verdict", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("undone_at", "text")
    .addColumn("undone_by", "text")
    .execute();
  await db.schema
    .createTable("review_action_clusters")
    .addColumn("action_id", "text", (c) => c.notNull().references("review_actions.id"))
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("cluster_id", "text", (c) => c.notNull())
    .addColumn("before_status", "text", (c) => c.notNull())
    .addColumn("before_verdict", "text")
    .addColumn("reverted_at", "text")
    .addColumn("reverted_by", "text")
    .addPrimaryKeyConstraint("review_action_clusters_pk", ["action_id", "cluster_id"])
    .execute();
  await db.schema
    .createIndex("review_action_clusters_cluster_idx")
    .on("review_action_clusters")
    .columns(["tenant_id", "cluster_id"])
    .execute();
  await db.schema
    .createTable("evidence_links")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("cluster_id", "text")
    .addColumn("clarification_id", "text")
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("added_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addCheckConstraint("evidence_links_owner", sql`(cluster_id is null) <> (clarification_id is null)`)
    .execute();
  await db.schema
    .createIndex("evidence_links_cluster_idx")
    .on("evidence_links")
    .columns(["tenant_id", "cluster_id"])
    .execute();
  await db.schema
    .createIndex("evidence_links_clarification_idx")
    .on("evidence_links")
    .columns(["tenant_id", "clarification_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("evidence_links").execute();
  await db.schema.dropTable("review_action_clusters").execute();
  await db.schema.dropTable("review_actions").execute();
  for (const c of ["reverted_by", "reverted_at", "action_id"]) {
    await db.schema.alterTable("verdicts").dropColumn(c).execute();
  }
  for (const c of ["locked_until", "locked_by"]) await db.schema.alterTable("clarifications").dropColumn(c).execute();
  await db.schema.dropIndex("clusters_assignee_idx").execute();
  for (const c of ["due_at", "assigned_by", "assignee_id"]) {
    await db.schema.alterTable("clusters").dropColumn(c).execute();
  }
}
