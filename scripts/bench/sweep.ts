/**
 * `pnpm bench sweep [--items=10000] [--processes=2]`: orphaned items (pending for two
 * minutes, no job in the queue, as after a Redis restart without persistence) recovered
 * by the sweeper of N classifier processes at the default settings (SWEEP_AFTER_MS 60 s,
 * SWEEP_EVERY_MS 30 s; every process sweeps once at start). Prints the time from the
 * processes' start to the last item scored, and how many item deliveries the queue saw
 * (each item once is N deliveries). Postgres with TEST_POSTGRES_URL, else SQLite.
 *
 * Before (issue 14): 2,000 items per 30 s, every process sweeping: 10,000 items took 123 s
 * with two processes and each was delivered twice.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createTenant, forClinic } from "@klinik/db";
import { createTestDb, testPostgresUrl } from "@klinik/db/testing";
import { closeQueues, createQueues, createRedis } from "@klinik/queue";
import { sql } from "kysely";
import { familyText } from "../lib/stories.ts";
import { arg, table } from "./_util.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const args = process.argv.slice(2);
const ITEMS = arg(args, "items", 10_000);
const PROCESSES = arg(args, "processes", 2);
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const dialect = testPostgresUrl() ? "postgres" : "sqlite";

const db = await createTestDb(dialect);
const prefix = `bench-sweep-${Date.now()}`;
const redis = createRedis(REDIS_URL, "worker");
const queues = createQueues({ connection: redis, prefix });
const children: ChildProcess[] = [];
try {
  const tenants: string[] = [];
  for (let c = 0; c < 10; c++) tenants.push((await createTenant(db.db, { slug: `s${c}`, name: `Klinik ${c}` })).id);
  for (const [c, t] of tenants.entries()) {
    const items = [];
    for (let k = c; k < ITEMS; k += tenants.length) {
      items.push({
        sourceId: null,
        reportId: null,
        dedupKey: `sweep:${k}`,
        externalId: null,
        url: null,
        title: null,
        text: familyText(Math.floor(k / 2), k % 2),
        author: null,
        publishedAt: null,
      });
    }
    await forClinic(db.db, t).insertItems(items);
  }
  await sql`update items set created_at = ${new Date(Date.now() - 120_000).toISOString()}`.execute(db.db);
  const url =
    dialect === "postgres"
      ? `${db.url}${db.url.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${db.schema}`)}`
      : db.url;
  const pending = async () =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from items where status = 'pending'`.execute(db.db)).rows[0]?.n,
    );
  const start = performance.now();
  for (let i = 0; i < PROCESSES; i++) {
    children.push(
      spawn(process.execPath, ["--import", "tsx", "workers/classifier/src/main.ts"], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? "", DATABASE_URL: url, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: "error" },
        stdio: ["ignore", "ignore", "inherit"],
      }),
    );
  }
  let firstScored = 0;
  for (;;) {
    const n = await pending();
    if (n < ITEMS && firstScored === 0) firstScored = performance.now();
    if (n === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const done = performance.now();
  const jobs = await queues.classify.getJobs(["completed", "active", "waiting", "failed"], 0, -1);
  const deliveries = jobs.reduce((n, j) => n + (j.data.itemIds?.length ?? 0), 0);
  console.log(
    table([
      [`${ITEMS} orphaned items, ${PROCESSES} classifier processes, ${dialect}`, "figure"],
      ["seconds from start to the last item scored", ((done - start) / 1000).toFixed(1)],
      ["seconds from the first item scored to the last", ((done - firstScored) / 1000).toFixed(1)],
      ["item deliveries by the queue (each item once = items)", deliveries],
    ]),
  );
} finally {
  await Promise.all(
    children.map(
      (c) =>
        new Promise((r) => {
          c.once("exit", r);
          c.kill("SIGTERM");
        }),
    ),
  );
  await queues.classify.obliterate({ force: true }).catch(() => {});
  await closeQueues(queues);
  await redis.quit();
  await db.close();
}
