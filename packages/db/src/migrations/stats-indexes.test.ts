import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, migrateToLatest, migratorFor } from "../connect.ts";
import { createTestDb, testPostgresUrl } from "../testing.ts";

const dialects = ["sqlite", ...(testPostgresUrl() ? (["postgres"] as const) : [])] as const;

async function indexes(db: Db, dialect: "sqlite" | "postgres"): Promise<string[]> {
  const rows =
    dialect === "sqlite"
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'index' and tbl_name in ('items', 'verdicts', 'clarification_items')`.execute(
          db,
        )
      : await sql<{ name: string }>`select indexname as name from pg_indexes
          where schemaname = current_schema() and tablename in ('items', 'verdicts', 'clarification_items')`.execute(
          db,
        );
  return rows.rows.map((r) => r.name).sort();
}

for (const dialect of dialects) {
  describe(`migrations 2026-11-30-0020-stats-indexes and 0021-clarification-items-item on ${dialect}`, () => {
    let h: Awaited<ReturnType<typeof createTestDb>>;
    beforeAll(async () => {
      h = await createTestDb(dialect);
    });
    afterAll(async () => h?.close());

    it("goes down to the claim index it replaced and up again", async () => {
      const added = [
        "items_cluster_created_idx",
        "items_created_idx",
        "items_tenant_created_idx",
        "verdicts_created_idx",
        "clarification_items_item_idx",
      ];
      expect(await indexes(h.db, dialect)).toEqual(expect.arrayContaining(added));
      const down = await (await migratorFor(h.db)).migrateTo("2026-11-30-0019-instance-model");
      expect(down.error).toBeUndefined();
      const after = await indexes(h.db, dialect);
      expect(after).toContain("items_cluster_idx");
      expect(after.filter((n) => added.includes(n))).toEqual([]);
      await migrateToLatest(h.db);
      expect(await indexes(h.db, dialect)).toEqual(expect.arrayContaining(added));
      expect(await indexes(h.db, dialect)).not.toContain("items_cluster_idx");
    });
  });
}
