import type { Kysely } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// Entries a fetch did not store are counted on their source with the reason
// (over the per-fetch cap, nothing usable in them, refused as invalid), so an
// admin sees what a feed lost instead of nothing. `drops` holds the counts per
// reason as JSON ({"cap": 120, "empty": 3}), summed over every fetch.
//
// The ingest tick reads due sources by (enabled, next_fetch_at) every few
// seconds instead of keeping one job scheduler per source.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("sources")
    .addColumn("dropped_total", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("sources").addColumn("drops", "text").execute();
  await db.schema.alterTable("sources").addColumn("last_drop_reason", "text").execute();
  await db.schema.alterTable("sources").addColumn("last_drop_at", "text").execute();
  await db.schema.createIndex("sources_due_idx").on("sources").columns(["enabled", "next_fetch_at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("sources_due_idx").execute();
  for (const column of ["last_drop_at", "last_drop_reason", "drops", "dropped_total"]) {
    await db.schema.alterTable("sources").dropColumn(column).execute();
  }
}
