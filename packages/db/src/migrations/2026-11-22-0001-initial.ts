import { type Kysely, sql } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("tenants")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("timezone", "text", (c) => c.notNull().defaultTo("Asia/Jakarta"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sources")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("schedule_sec", "integer", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("paused_reason", "text")
    .addColumn("etag", "text")
    .addColumn("last_modified", "text")
    .addColumn("last_fetch_at", "text")
    .addColumn("last_status", "integer")
    .addColumn("last_error", "text")
    .addColumn("consecutive_failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("items_added", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_fetch_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("sources_tenant_url_unique", ["tenant_id", "url"])
    .execute();

  await db.schema
    .createTable("reports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("url", "text")
    .addColumn("contact", "text")
    .addColumn("received_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("source_id", "text", (c) => c.references("sources.id"))
    .addColumn("report_id", "text", (c) => c.references("reports.id"))
    .addColumn("dedup_key", "text", (c) => c.notNull())
    .addColumn("external_id", "text")
    .addColumn("url", "text")
    .addColumn("title", "text")
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("author", "text")
    .addColumn("published_at", "text")
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("score", "double precision")
    .addColumn("reasons", "text")
    .addColumn("model_version", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("cluster_id", "text")
    .addColumn("scored_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("items_tenant_dedup_unique", ["tenant_id", "dedup_key"])
    .execute();
  await db.schema.createIndex("items_queue_idx").on("items").columns(["tenant_id", "status", "score", "id"]).execute();
  // Partial: only items waiting for the classifier, so scoring removes one small entry.
  await db.schema
    .createIndex("items_pending_idx")
    .on("items")
    .column("created_at")
    .where(sql.ref("status"), "=", "pending")
    .execute();

  await db.schema
    .createTable("verdicts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("item_id", "text", (c) => c.notNull().references("items.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("verdict", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("verdicts_item_idx").on("verdicts").columns(["tenant_id", "item_id"]).execute();

  await db.schema
    .createTable("clarifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("verdict", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("published_at", "text")
    .execute();
  await db.schema
    .createIndex("clarifications_public_idx")
    .on("clarifications")
    .columns(["tenant_id", "status", "published_at"])
    .execute();

  await db.schema
    .createTable("clarification_items")
    .addColumn("clarification_id", "text", (c) => c.notNull().references("clarifications.id"))
    .addColumn("item_id", "text", (c) => c.notNull().references("items.id"))
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addPrimaryKeyConstraint("clarification_items_pk", ["clarification_id", "item_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "clarification_items",
    "clarifications",
    "verdicts",
    "items",
    "reports",
    "sources",
    "sessions",
    "users",
    "tenants",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
