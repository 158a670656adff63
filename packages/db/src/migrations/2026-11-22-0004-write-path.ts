import { type Kysely, sql } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// Every classify batch inserts a claim per new item. An index ordered by score
// takes each new row at a random place, so a batch of 100 dirties ~100 pages of
// every such index, and SQLite writes all of them to the WAL at commit
// (`pnpm bench store`, 20,000 items: 49 → 61 µs per stored item with all four
// score-ordered indexes, 30 → 44 without these two).
export async function up(db: Kysely<unknown>): Promise<void> {
  // Only claims with a verdict are ever looked up by verdict: new claims stay out of the index.
  await db.schema.dropIndex("clusters_verdict_idx").execute();
  await db.schema
    .createIndex("clusters_verdict_idx")
    .on("clusters")
    .columns(["tenant_id", "verdict", "max_score", "id"])
    .where(sql.ref("verdict"), "is not", null)
    .execute();
  // "Next open claim" walks the per-status queue index instead (one branch per status).
  await db.schema.dropIndex("clusters_score_idx").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("clusters_score_idx").on("clusters").columns(["tenant_id", "max_score", "id"]).execute();
  await db.schema.dropIndex("clusters_verdict_idx").execute();
  await db.schema
    .createIndex("clusters_verdict_idx")
    .on("clusters")
    .columns(["tenant_id", "verdict", "max_score", "id"])
    .execute();
}
