import type { Kysely } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// Partner webhook delivery (issue 13). Every attempt of a delivery is a row of its own
// (status code, duration, error, when the next one is due) so the admin reads the whole
// story, not only the last outcome. A delivery carries its next retry time and a short
// lease (`lease_until`) the worker takes before posting, so two copies of one job never
// post at once. A subscription counts deliveries failed in a row and, past the limit,
// is turned off with the reason the admin sees.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("webhook_attempts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("delivery_id", "text", (c) => c.notNull().references("webhook_deliveries.id"))
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("response_code", "integer")
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addColumn("error", "text")
    .addColumn("next_retry_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_attempts_delivery_idx")
    .on("webhook_attempts")
    .columns(["tenant_id", "delivery_id", "attempt"])
    .execute();
  await db.schema.alterTable("webhook_deliveries").addColumn("next_retry_at", "text").execute();
  await db.schema.alterTable("webhook_deliveries").addColumn("lease_until", "text").execute();
  await db.schema
    .alterTable("webhook_subscriptions")
    .addColumn("consecutive_failures", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("webhook_subscriptions").addColumn("disabled_reason", "text").execute();
  await db.schema.alterTable("webhook_subscriptions").addColumn("disabled_at", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ["disabled_at", "disabled_reason", "consecutive_failures"]) {
    await db.schema.alterTable("webhook_subscriptions").dropColumn(column).execute();
  }
  for (const column of ["lease_until", "next_retry_at"]) {
    await db.schema.alterTable("webhook_deliveries").dropColumn(column).execute();
  }
  await db.schema.dropIndex("webhook_attempts_delivery_idx").execute();
  await db.schema.dropTable("webhook_attempts").execute();
}
