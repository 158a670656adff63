import type { Kysely } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// A claim's clarifications are found from its items (statistics: was the claim clarified
// before the period?). clarification_items was keyed by (clarification_id, item_id) only, so
// SQLite looked an item up by scanning that key: 1.6 s of the instance's 30-day figures at
// 1,000,000 items (`pnpm bench stats`).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("clarification_items_item_idx")
    .on("clarification_items")
    .columns(["tenant_id", "item_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("clarification_items_item_idx").execute();
}
