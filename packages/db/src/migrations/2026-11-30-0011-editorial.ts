import type { Kysely } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// Editorial workflow: a published clarification can be corrected (each correction
// is a row with its note, shown on the public page; the clarification's updated_at
// is its dateModified) or withdrawn (status 'withdrawn' with the reason; its URL
// stays). Partner webhooks: a clinic's subscriptions (the HMAC secret is kept to
// sign, shown once) and the log of every delivery.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ["updated_at", "withdrawn_at", "withdrawn_reason", "withdrawn_by"]) {
    await db.schema.alterTable("clarifications").addColumn(column, "text").execute();
  }

  await db.schema
    .createTable("clarification_corrections")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("clarification_id", "text", (c) => c.notNull().references("clarifications.id"))
    .addColumn("note", "text", (c) => c.notNull())
    // JSON array of the fields the correction changed (title, body, verdict, items).
    .addColumn("changed", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("clarification_corrections_idx")
    .on("clarification_corrections")
    .columns(["tenant_id", "clarification_id", "created_at"])
    .execute();

  await db.schema
    .createTable("webhook_subscriptions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_subscriptions_tenant_idx")
    .on("webhook_subscriptions")
    .columns(["tenant_id", "active"])
    .execute();

  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("subscription_id", "text", (c) => c.notNull().references("webhook_subscriptions.id"))
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("clarification_id", "text", (c) => c.notNull())
    // pending (queued or retrying), delivered, failed (every attempt used up)
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("response_code", "integer")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_tenant_idx")
    .on("webhook_deliveries")
    .columns(["tenant_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("webhook_deliveries").execute();
  await db.schema.dropTable("webhook_subscriptions").execute();
  await db.schema.dropTable("clarification_corrections").execute();
  for (const column of ["withdrawn_by", "withdrawn_reason", "withdrawn_at", "updated_at"]) {
    await db.schema.alterTable("clarifications").dropColumn(column).execute();
  }
}
