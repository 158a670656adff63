import { type Kysely, PostgresAdapter, sql } from "kysely";

// Frozen in time: never import application code here. SQL runs on SQLite and Postgres.
//
// Offices in a hierarchy (instance → province → regency/city), people with more
// roles, one-time links, API tokens, escalations and an append-only audit trail.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;

  // A clinic: its Kemendagri region code ("32" a province, "32.73" a regency/city), its
  // parent province, whether it is active yet, and what its public pages show.
  for (const [name, type] of [
    ["region_code", "text"],
    ["parent_id", "text"],
    ["kind", "text"],
    ["display_name", "text"],
    ["logo_url", "text"],
    ["contact", "text"],
  ] as const) {
    await db.schema.alterTable("tenants").addColumn(name, type).execute();
  }
  await db.schema
    .alterTable("tenants")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .execute();
  await db.schema
    .alterTable("tenants")
    .addColumn("require_approval", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("tenants")
    .addColumn("require_totp", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("tenants_region_idx").on("tenants").column("region_code").unique().execute();
  await db.schema.createIndex("tenants_parent_idx").on("tenants").column("parent_id").execute();

  // People: operator of the instance (beside their clinic role), deactivation, two-factor.
  await db.schema
    .alterTable("users")
    .addColumn("operator", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("users")
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable("users").addColumn("totp_secret", "text").execute();
  await db.schema
    .alterTable("users")
    .addColumn("totp_enabled", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("users").addColumn("password_changed_at", "text").execute();

  // Sessions expire when idle too; a person sees theirs (where from, last use).
  await db.schema.alterTable("sessions").addColumn("last_seen_at", "text").execute();
  await db.schema.alterTable("sessions").addColumn("address", "text").execute();
  await db.schema.alterTable("sessions").addColumn("user_agent", "text").execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").columns(["tenant_id", "user_id"]).execute();

  // One-time links: an invitation (creates the person) or a password reset (an existing one).
  await db.schema
    .createTable("one_time_links")
    .addColumn("id", "text", (c) => c.primaryKey()) // sha256 of the token
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("purpose", "text", (c) => c.notNull()) // invite | reset
    .addColumn("user_id", "text")
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema
    .createIndex("one_time_links_tenant_idx")
    .on("one_time_links")
    .columns(["tenant_id", "created_at"])
    .execute();

  // Integration tokens: named, scoped, stored hashed, revocable.
  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("scopes", "text", (c) => c.notNull()) // comma-separated: read,ingest,publish
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_used_at", "text")
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("api_tokens_tenant_idx").on("api_tokens").columns(["tenant_id", "created_at"]).execute();

  // A regency hands a claim up to its province; the province answers or hands it back.
  await db.schema
    .createTable("escalations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id")) // the regency
    .addColumn("province_id", "text", (c) => c.notNull().references("tenants.id"))
    .addColumn("cluster_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull()) // open | answered | returned
    .addColumn("reason", "text")
    .addColumn("answer", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("resolved_by", "text")
    .addColumn("resolved_at", "text")
    .execute();
  await db.schema
    .createIndex("escalations_province_idx")
    .on("escalations")
    .columns(["province_id", "status", "created_at"])
    .execute();
  await db.schema
    .createIndex("escalations_cluster_idx")
    .on("escalations")
    .columns(["tenant_id", "cluster_id"])
    .execute();

  // Who published a clarification (a publisher may approve an analyst's draft).
  await db.schema.alterTable("clarifications").addColumn("submitted_by", "text").execute();
  await db.schema.alterTable("clarifications").addColumn("published_by", "text").execute();

  // The audit trail: append-only. `seq` orders it for paging on both databases.
  await db.schema
    .createTable("audit_log")
    .addColumn("seq", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("id", "text", (c) => c.notNull().unique())
    .addColumn("tenant_id", "text") // null: an instance-wide event (e.g. an unknown email at sign-in)
    .addColumn("actor_id", "text")
    .addColumn("actor_label", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target_type", "text")
    .addColumn("target_id", "text")
    .addColumn("summary", "text")
    .addColumn("address", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_log_tenant_idx").on("audit_log").columns(["tenant_id", "seq"]).execute();
  if (pg) {
    await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropTable("audit_log").execute();
  if (pg) await sql`DROP FUNCTION audit_log_append_only()`.execute(db);
  await db.schema.dropTable("escalations").execute();
  await db.schema.dropTable("api_tokens").execute();
  await db.schema.dropTable("one_time_links").execute();
  await db.schema.dropIndex("sessions_user_idx").execute();
  await db.schema.dropIndex("tenants_parent_idx").execute();
  await db.schema.dropIndex("tenants_region_idx").execute();
  for (const [table, cols] of [
    ["clarifications", ["submitted_by", "published_by"]],
    ["sessions", ["last_seen_at", "address", "user_agent"]],
    ["users", ["operator", "active", "totp_secret", "totp_enabled", "password_changed_at"]],
    [
      "tenants",
      [
        "region_code",
        "parent_id",
        "kind",
        "display_name",
        "logo_url",
        "contact",
        "status",
        "require_approval",
        "require_totp",
      ],
    ],
  ] as const) {
    for (const col of cols) await db.schema.alterTable(table).dropColumn(col).execute();
  }
}
