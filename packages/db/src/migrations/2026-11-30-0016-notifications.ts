import type { Kysely } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// Notifications. Each person opts in for themselves (notification_prefs): told of
// new claims of their clinic scoring at least `min_score`, and of claims assigned
// to them; in the browser while the app is open, and on Telegram (their chat with
// the clinic's bot) or in an email digest where their clinic turned those on
// (notify_channels, set by the clinic's admin). `digest_sent_at` is where the
// next digest starts, so a digest never repeats a claim.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("notification_prefs")
    .addColumn("user_id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("min_score", "double precision", (c) => c.notNull().defaultTo(0.8))
    .addColumn("assigned", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("telegram_chat_id", "text")
    .addColumn("email_digest", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("digest_sent_at", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("notification_prefs_tenant_idx")
    .on("notification_prefs")
    .columns(["tenant_id", "enabled"])
    .execute();
  await db.schema
    .createTable("notify_channels")
    .addColumn("tenant_id", "text", (c) => c.primaryKey())
    .addColumn("telegram_bot_token", "text")
    .addColumn("email_digest", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("notify_channels").execute();
  await db.schema.dropIndex("notification_prefs_tenant_idx").execute();
  await db.schema.dropTable("notification_prefs").execute();
}
