import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { type DbHandle, openDb } from "./connect.ts";
import { createTestDb } from "./testing.ts";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `item-${i}`);

async function plan(db: DbHandle["db"], query: string): Promise<string[]> {
  const r = await sql<{ detail: string }>`explain query plan ${sql.raw(query)}`.execute(db);
  return r.rows.map((row) => row.detail);
}

describe("SQLite query plans (seeded statistics)", () => {
  let handle: (DbHandle & { url: string }) | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it("looks batches of ids up by primary key, not by scanning the clinic", async () => {
    handle = await createTestDb("sqlite");
    const list = ids(100)
      .map((i) => `'${i}'`)
      .join(",");
    expect(await plan(handle.db, `select id from items where tenant_id = 't' and id in (${list})`)).toEqual([
      "SEARCH items USING INDEX sqlite_autoindex_items_1 (id=?)",
    ]);
    expect(
      await plan(handle.db, `select id from items where tenant_id = 't' and id in (${list}) and status = 'pending'`),
    ).toEqual(["SEARCH items USING INDEX sqlite_autoindex_items_1 (id=?)"]);
    const [clusters] = await plan(
      handle.db,
      `select id, status from clusters where tenant_id = 't' and id in (${list})`,
    );
    expect(clusters).toMatch(/\(tenant_id=\? AND id=\?\)|\(id=\?\)/);
  });

  it("still walks the queue index for a clinic's queue", async () => {
    handle = await createTestDb("sqlite");
    const [queue] = await plan(
      handle.db,
      "select id from items where tenant_id = 't' and status = 'new' order by score desc, id desc limit 50",
    );
    expect(queue).toMatch(/^SEARCH items USING (COVERING )?INDEX items_queue_idx \(tenant_id=\? AND status=\?\)$/);
  });

  it("finds claims by verdict through the partial verdict index, and the next open claim by status", async () => {
    handle = await createTestDb("sqlite");
    const [byVerdict] = await plan(
      handle.db,
      "select id from clusters where tenant_id = 't' and status = 'done' and verdict = 'false' order by max_score desc, id asc limit 50",
    );
    expect(byVerdict).toBe("SEARCH clusters USING INDEX clusters_verdict_idx (tenant_id=? AND verdict=?)");
    // New claims (no verdict) are not written to it: the index is partial.
    const partial = await sql<{
      partial: number;
    }>`select partial from pragma_index_list('clusters') where name = 'clusters_verdict_idx'`.execute(handle.db);
    expect(partial.rows[0]?.partial).toBe(1);
    const [next] = await plan(
      handle.db,
      "select id from clusters where tenant_id = 't' and status = 'new' and (max_score < 0.5 or (max_score = 0.5 and id > 'a')) order by max_score desc, id asc limit 1",
    );
    expect(next).toMatch(
      /^SEARCH clusters USING (COVERING )?INDEX clusters_queue_idx \(tenant_id=\? AND status=\? AND max_score<\?\)$/,
    );
  });

  it("keeps the statistics of a second process that opens the migrated file", async () => {
    handle = await createTestDb("sqlite");
    const other = openDb(handle.url);
    try {
      const list = ids(100)
        .map((i) => `'${i}'`)
        .join(",");
      expect(await plan(other.db, `select id from items where tenant_id = 't' and id in (${list})`)).toEqual([
        "SEARCH items USING INDEX sqlite_autoindex_items_1 (id=?)",
      ]);
    } finally {
      await other.close();
    }
  });
});

describe("SQLite write lock across processes", () => {
  it("waits for another connection's transaction without blocking the event loop", async () => {
    const a = await createTestDb("sqlite");
    const b = openDb(a.url);
    const reader = openDb(a.url);
    let release: () => void = () => {};
    try {
      await sql`create table t (v integer)`.execute(a.db);
      const held = new Promise<void>((r) => {
        release = r;
      });
      let started: () => void = () => {};
      const holding = new Promise<void>((r) => {
        started = r;
      });
      const first = a.db.transaction().execute(async (tx) => {
        await sql`insert into t values (1)`.execute(tx);
        started();
        await held;
      });
      await holding;
      // Connection b must wait for the lock; meanwhile timers on this thread keep firing.
      let ticks = 0;
      const timer = setInterval(() => {
        ticks += 1;
      }, 5);
      let secondDone = false;
      const second = b.db
        .transaction()
        .execute(async (tx) => {
          await sql`insert into t values (2)`.execute(tx);
        })
        .finally(() => {
          secondDone = true;
        });
      // Timers keep firing while b waits. A busy handler sleeping inside the call would
      // stall this thread for the whole SQLITE_BUSY_WAIT_MS (10 s), far past this deadline;
      // counting ticks in a fixed 100 ms failed on a loaded machine.
      const deadline = Date.now() + 5_000;
      while (ticks < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(ticks).toBeGreaterThanOrEqual(5);
      expect(secondDone).toBe(false);
      const before = await sql<{ n: number }>`select count(*) as n from t`.execute(reader.db);
      expect(Number(before.rows[0]?.n)).toBe(0);
      release();
      await Promise.all([first, second]);
      clearInterval(timer);
      const after = await sql<{ v: number }>`select v from t order by v`.execute(b.db);
      expect(after.rows.map((r) => r.v)).toEqual([1, 2]);
    } finally {
      // A failed expectation must not leave a transaction open on a closing connection.
      release();
      await reader.close();
      await b.close();
      await a.close();
    }
  });
});

describe("background checkpoints", () => {
  it("keep the WAL checkpointed while a process writes, and close with the handle", async () => {
    const handle = await createTestDb("sqlite");
    try {
      await sql`create table t (v text)`.execute(handle.db);
      for (let i = 0; i < 50; i++) {
        await handle.db.transaction().execute(async (tx) => {
          await sql`insert into t values (${"x".repeat(4000)})`.execute(tx);
        });
      }
      // Far below the commit-time backstop (10,000 pages): only the thread, every
      // 200 ms, copies these pages from the WAL into the database file.
      const path = handle.url.slice("sqlite:".length);
      let size = statSync(path).size;
      for (let i = 0; i < 60 && size < 50 * 4000; i++) {
        await new Promise((r) => setTimeout(r, 50));
        size = statSync(path).size;
      }
      expect(size).toBeGreaterThan(50 * 4000);
      const r = await sql<{ n: number }>`select count(*) as n from t`.execute(handle.db);
      expect(Number(r.rows[0]?.n)).toBe(50);
    } finally {
      await handle.close();
    }
  });

  it("lets a short script exit on its own after close()", () => {
    const connect = fileURLToPath(new URL("./connect.ts", import.meta.url));
    const script = `
      import { mkdtempSync } from "node:fs"; import { tmpdir } from "node:os"; import { join } from "node:path";
      const { openDb, migrateToLatest } = await import(${JSON.stringify(connect)});
      const h = openDb("sqlite:" + join(mkdtempSync(join(tmpdir(), "klinik-exit-")), "x.sqlite"));
      await migrateToLatest(h.db);
      await h.close();
      console.log("closed");`;
    const dir = mkdtempSync(join(tmpdir(), "klinik-exit-script-"));
    const file = join(dir, "script.mjs");
    writeFileSync(file, script);
    const r = spawnSync(process.execPath, ["--import", "tsx", file], { encoding: "utf8", timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("closed");
    expect(r.status).toBe(0);
  });
});
