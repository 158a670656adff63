import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDb } from "./connect.ts";
import { testPostgresUrl } from "./testing.ts";

const url = testPostgresUrl();

/** A Postgres restart or an administrator's pg_terminate_backend kills pooled connections. */
describe.skipIf(!url)("Postgres pool when its connections are terminated", () => {
  it("survives an idle connection being killed, says so, and reconnects for the next query", async () => {
    const app = `klinik-pool-test-${process.pid}-${Date.now()}`;
    const lost: Error[] = [];
    const dbh = openDb(`${url}${url?.includes("?") ? "&" : "?"}application_name=${app}`, {
      onIdleError: (err) => lost.push(err),
    });
    const admin = openDb(url ?? "");
    try {
      await sql`select 1`.execute(dbh.db);
      // The pooled connection is idle now; terminate it from outside, as a restart would.
      const killed = await sql<{ n: number }>`
        select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = ${app}`.execute(
        admin.db,
      );
      expect(killed.rows[0]?.n).toBeGreaterThanOrEqual(1);
      await expect.poll(() => lost.length).toBeGreaterThanOrEqual(1);
      const again = await sql<{ one: number }>`select 1 as one`.execute(dbh.db);
      expect(again.rows[0]?.one).toBe(1);
    } finally {
      await dbh.close();
      await admin.close();
    }
  });

  it("survives a connection killed while checked out in a transaction: the transaction fails, the process goes on", async () => {
    const app = `klinik-pool-busy-${process.pid}-${Date.now()}`;
    const lost: Error[] = [];
    const dbh = openDb(`${url}${url?.includes("?") ? "&" : "?"}application_name=${app}`, {
      onIdleError: (err) => lost.push(err),
    });
    const admin = openDb(url ?? "");
    try {
      const tx = dbh.db.transaction().execute(async (t) => {
        await sql`select 1`.execute(t);
        // Between two statements, the connection is checked out and waits for this code.
        await sql`select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = ${app}`.execute(
          admin.db,
        );
        await new Promise((r) => setTimeout(r, 200));
        await sql`select 2`.execute(t);
      });
      await expect(tx).rejects.toThrow();
      expect(lost.length).toBeGreaterThanOrEqual(1);
      const again = await sql<{ one: number }>`select 1 as one`.execute(dbh.db);
      expect(again.rows[0]?.one).toBe(1);
    } finally {
      await dbh.close();
      await admin.close();
    }
  });
});
