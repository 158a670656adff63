import type { Kysely } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// A public report gets a ticket: a short unguessable code the reporter uses to
// follow it at /k/{slug}/laporan/{ticket} (unique within its clinic; reports
// from before this migration have none). A reporter's contact is kept only as
// long as the clinic's `contact_retention_days` says; a periodic job erases it
// and stamps `contact_erased_at`.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("reports").addColumn("ticket", "text").execute();
  await db.schema.alterTable("reports").addColumn("contact_erased_at", "text").execute();
  await db.schema.createIndex("reports_ticket_idx").on("reports").columns(["tenant_id", "ticket"]).unique().execute();
  // Rows still holding a contact, by age: what the erasing job scans.
  await db.schema.createIndex("reports_received_idx").on("reports").columns(["received_at"]).execute();
  await db.schema
    .alterTable("tenants")
    .addColumn("contact_retention_days", "integer", (c) => c.notNull().defaultTo(90))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("tenants").dropColumn("contact_retention_days").execute();
  await db.schema.dropIndex("reports_received_idx").execute();
  await db.schema.dropIndex("reports_ticket_idx").execute();
  await db.schema.alterTable("reports").dropColumn("contact_erased_at").execute();
  await db.schema.alterTable("reports").dropColumn("ticket").execute();
}
