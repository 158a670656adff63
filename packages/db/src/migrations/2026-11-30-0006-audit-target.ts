import type { Kysely } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// One thing's history (e.g. a clarification's submit, send-back and approval) is read
// from the audit trail on its page: index the trail by what an event was about.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("audit_log_target_idx")
    .on("audit_log")
    .columns(["tenant_id", "target_type", "target_id", "seq"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("audit_log_target_idx").execute();
}
