import { type Kysely, PostgresAdapter } from "kysely";

// Frozen in time: never import application code here.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;

  // A claim: near-duplicate items folded into one row of the review queue.
  await db.schema
    .createTable("clusters")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("representative_item_id", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("first_seen_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("max_score", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("new"))
    .addColumn("verdict", "text")
    .addColumn("claimed_by", "text")
    .addColumn("claimed_until", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("clusters_queue_idx")
    .on("clusters")
    .columns(["tenant_id", "status", "max_score", "id"])
    .execute();

  // MinHash signatures in insertion order; `seq` lets every worker process catch up incrementally.
  await db.schema
    .createTable("item_signatures")
    .addColumn("seq", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("item_id", "text", (c) => c.notNull().unique().references("items.id"))
    .addColumn("cluster_id", "text", (c) => c.notNull())
    .addColumn("signature", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("item_signatures_tenant_seq_idx")
    .on("item_signatures")
    .columns(["tenant_id", "seq"])
    .execute();

  // Published clarifications (any clinic) that an item matches.
  await db.schema
    .createTable("item_clarification_matches")
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("item_id", "text", (c) => c.notNull().references("items.id"))
    .addColumn("clarification_id", "text", (c) => c.notNull().references("clarifications.id"))
    .addColumn("similarity", "double precision", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("item_clarification_matches_pk", ["item_id", "clarification_id"])
    .execute();
  await db.schema
    .createIndex("item_clarification_matches_tenant_idx")
    .on("item_clarification_matches")
    .columns(["tenant_id", "item_id"])
    .execute();

  // Near-duplicates below the confirmed threshold: shown to analysts, never merged.
  await db.schema
    .createTable("item_cluster_suggestions")
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("item_id", "text", (c) => c.notNull().references("items.id"))
    .addColumn("cluster_id", "text", (c) => c.notNull())
    .addColumn("similarity", "double precision", (c) => c.notNull())
    .addPrimaryKeyConstraint("item_cluster_suggestions_pk", ["item_id", "cluster_id"])
    .execute();
  await db.schema
    .createIndex("item_cluster_suggestions_cluster_idx")
    .on("item_cluster_suggestions")
    .columns(["tenant_id", "cluster_id"])
    .execute();

  // Cross-clinic matching reads every clinic's new publications.
  await db.schema
    .createIndex("clarifications_published_idx")
    .on("clarifications")
    .columns(["status", "published_at"])
    .execute();
  await db.schema.createIndex("items_cluster_idx").on("items").columns(["tenant_id", "cluster_id"]).execute();
  // Webhook sources carry a shared secret; social sources may carry adapter settings.
  await db.schema.alterTable("sources").addColumn("secret", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("sources").dropColumn("secret").execute();
  await db.schema.dropIndex("items_cluster_idx").execute();
  await db.schema.dropIndex("clarifications_published_idx").execute();
  await db.schema.dropTable("item_cluster_suggestions").execute();
  await db.schema.dropTable("item_clarification_matches").execute();
  await db.schema.dropTable("item_signatures").execute();
  await db.schema.dropTable("clusters").execute();
}
