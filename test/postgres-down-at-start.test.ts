import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { createTenant, forClinic, openDb } from "@klinik/db";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivatePostgres, postgresBinDir, startPrivatePostgres } from "../scripts/lib/private-postgres.ts";
import { freePort, startPrivateRedis } from "../scripts/lib/private-redis.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const binaries = postgresBinDir();
if (!binaries)
  console.warn(
    "test/postgres-down-at-start.test.ts: skipped, it needs Postgres's binaries (initdb, pg_ctl under /usr/lib/postgresql/<version>/bin)",
  );

interface Started {
  name: string;
  child: ChildProcess;
  lines: string[];
  ready: boolean;
}

/**
 * A deployment whose Postgres is down when its processes start (a machine booting, the
 * database restarting): each process waits and retries, says so in its log, and works once
 * Postgres answers. The processes are started on their own, as systemd would.
 */
describe.skipIf(!binaries)("processes started while Postgres is down", () => {
  let pgsrv: PrivatePostgres;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let feed: Server;
  const procs: Started[] = [];

  beforeAll(async () => {
    pgsrv = await startPrivatePostgres();
    redis = await startPrivateRedis();
    feed = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Berita</title><link>https://berita.example/</link><description>x</description><item><title>Vaksin</title><link>https://berita.example/a/1</link><guid>a-1</guid><description>Kabar dari umpan setelah basis data kembali menyala.</description></item></channel></rss>`,
      );
    });
    await new Promise<void>((r) => feed.listen(0, "127.0.0.1", () => r()));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(
      procs.map(
        (p) =>
          new Promise((r) => {
            if (p.child.exitCode !== null || p.child.signalCode !== null) return r(undefined);
            p.child.once("exit", r);
            p.child.kill("SIGTERM");
            setTimeout(() => p.child.kill("SIGKILL"), 10_000).unref();
          }),
      ),
    );
    await new Promise((r) => feed?.close(r));
    await redis?.stop();
    await pgsrv?.destroy();
  }, 60_000);

  it("waits and retries (logged) instead of exiting, then serves, classifies and ingests once Postgres is up", async () => {
    await pgsrv.stop("fast");
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: pgsrv.url,
      DATABASE_POOL_SIZE: "3",
      REDIS_URL: redis.url,
      QUEUE_PREFIX: "pgdown",
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      ACCESS_LOG_LEVEL: "silent",
      PUBLIC_RATE_LIMIT_PER_MIN: "0",
      KLINIK_ALLOW_PRIVATE_FEEDS: "true",
    };
    for (const [name, entry] of [
      ["api", "services/api/src/main.ts"],
      ["classifier", "workers/classifier/src/main.ts"],
      ["ingest", "workers/ingest/src/main.ts"],
    ] as const) {
      const child = spawn(process.execPath, ["--import", "tsx", entry], {
        cwd: ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe", "ipc"],
      });
      const p: Started = { name, child, lines: [], ready: false };
      const keep = (d: Buffer) => p.lines.push(...d.toString().split("\n").filter(Boolean));
      child.stdout?.on("data", keep);
      child.stderr?.on("data", keep);
      child.on("message", (m: unknown) => {
        if ((m as { type?: string })?.type === "ready") p.ready = true;
      });
      procs.push(p);
    }
    const retried = (p: Started) =>
      p.lines.filter((l) => l.includes("database not reachable at start; retrying")).length;
    // Each process has tried at least twice, said why, and is still running.
    await expect
      .poll(() => procs.map((p) => Math.min(retried(p), 2)), { timeout: 90_000, interval: 500 })
      .toEqual([2, 2, 2]);
    expect(procs.map((p) => [p.name, p.child.exitCode, p.ready])).toEqual([
      ["api", null, false],
      ["classifier", null, false],
      ["ingest", null, false],
    ]);

    await pgsrv.start();
    await expect.poll(() => procs.map((p) => p.ready), { timeout: 90_000, interval: 500 }).toEqual([true, true, true]);
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(200);

    // The schema the processes migrated to once Postgres was up serves a clinic end to end.
    const dbh = openDb(pgsrv.url, { poolSize: 2 });
    try {
      const tenant = await createTenant(dbh.db, { slug: "pgdown", name: "Klinik uji" });
      const feedPort = (feed.address() as { port: number }).port;
      await forClinic(dbh.db, tenant.id).createSource({
        kind: "rss",
        name: "Berita",
        url: `http://127.0.0.1:${feedPort}/feed.xml`,
        scheduleSec: 5,
      });
      const report = await fetch(`http://127.0.0.1:${port}/api/v1/public/pgdown/reports`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: "Laporan warga: pesan berantai soal vaksin setelah basis data menyala." }),
      });
      expect(report.status).toBe(202);
      // The report is scored by the classifier; the feed's entry is stored by ingest and scored too.
      await expect
        .poll(
          async () =>
            (
              await sql<{ text: string; status: string }>`
                select text, status from items where tenant_id = ${tenant.id} order by text`.execute(dbh.db)
            ).rows.map((r) => [r.text.slice(0, 18), r.status !== "pending"]),
          { timeout: 90_000, interval: 500 },
        )
        .toEqual([
          ["Kabar dari umpan s", true],
          ["Laporan warga: pes", true],
        ]);
    } finally {
      await dbh.close();
    }
    expect(procs.map((p) => p.child.exitCode)).toEqual([null, null, null]);
  }, 300_000);
});
