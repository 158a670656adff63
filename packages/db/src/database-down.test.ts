import { createServer } from "node:net";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrateToLatest, openDb } from "./connect.ts";
import { isDatabaseDown } from "./database-down.ts";
import { testPostgresUrl } from "./testing.ts";

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

describe("isDatabaseDown", () => {
  it("is true for a Postgres that refuses connections, also through the migrator's wrapped error", async () => {
    const dbh = openDb(`postgres://postgres@127.0.0.1:${await closedPort()}/x`, { poolSize: 1, onIdleError: () => {} });
    try {
      const query = await sql`select 1`.execute(dbh.db).catch((e: unknown) => e);
      expect(isDatabaseDown(query)).toBe(true);
      const migrate = await migrateToLatest(dbh.db).catch((e: unknown) => e);
      expect(isDatabaseDown(migrate)).toBe(true);
    } finally {
      await dbh.close();
    }
  });

  it("is false for ordinary failures: bad SQL, a broken rule, a bug", async () => {
    expect(isDatabaseDown(new TypeError("x is undefined"))).toBe(false);
    const lite = openDb("sqlite::memory:");
    try {
      expect(isDatabaseDown(await sql`select * from nowhere`.execute(lite.db).catch((e: unknown) => e))).toBe(false);
    } finally {
      await lite.close();
    }
    const url = testPostgresUrl();
    if (!url) return;
    const pgh = openDb(url, { poolSize: 1 });
    try {
      const bad = await sql`select * from no_such_table_here`.execute(pgh.db).catch((e: unknown) => e);
      expect(isDatabaseDown(bad)).toBe(false);
      const division = await sql`select 1/0`.execute(pgh.db).catch((e: unknown) => e);
      expect(isDatabaseDown(division)).toBe(false);
    } finally {
      await pgh.close();
    }
  });
});
