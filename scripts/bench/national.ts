/**
 * `pnpm bench national [--clinics=552] [--sources=30000] [--items=12000] [--index-mb=256]`:
 * a national instance on this machine, on Postgres (TEST_POSTGRES_URL; a schema of its own):
 *
 * - schedule upkeep: 552 clinics with 30,000 sources (5–60 minute schedules, next fetch
 *   spread over the interval); what the ingest tick (one for the instance) costs per 30 s;
 * - classifier throughput: `--items` items spread over every clinic (near-duplicate pairs),
 *   drained by 1 and then by 2 classifier processes (each started and warmed before the
 *   clock starts), items/s side by side;
 * - per process: peak RSS (VmHWM) of each classifier process, which has then touched every
 *   clinic's claim index, and the most Postgres connections it held at once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createTenant, forClinic } from "@klinik/db";
import { createTestDb } from "@klinik/db/testing";
import { closeQueues, createQueues, createRedis, enqueueClassify } from "@klinik/queue";
import { enqueueDueSources, ensureTick, TICK_MS } from "@klinik/worker-ingest";
import { sql } from "kysely";
import { familyText } from "../lib/stories.ts";
import { arg, table } from "./_util.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const args = process.argv.slice(2);
const CLINICS = arg(args, "clinics", 552);
const SOURCES = arg(args, "sources", 30_000);
const ITEMS = arg(args, "items", 12_000);
const INDEX_MB = arg(args, "index-mb", 256);
const SCHEDULES = [300, 600, 900, 1_800, 3_600];
const postgresUrl = process.env.TEST_POSTGRES_URL;
if (!postgresUrl) {
  console.error("pnpm bench national needs Postgres: set TEST_POSTGRES_URL=postgres://…");
  process.exit(2);
}
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

const db = await createTestDb("postgres");
const prefix = `bench-national-${Date.now()}`;
const redis = createRedis(REDIS_URL, "worker");
const queues = createQueues({ connection: redis, prefix });
const logger = { info() {}, warn() {}, error() {} } as never;

async function pool<T>(list: T[], width: number, fn: (t: T, i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < list.length) {
        const i = next++;
        await fn(list[i] as T, i);
      }
    }),
  );
}

const peakRss = (pid: number | undefined) =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

async function pendingCount(): Promise<number> {
  const r = await sql<{ n: string }>`select count(*) as n from items where status = 'pending'`.execute(db.db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Starts `n` classifier processes, warms each (one job), enqueues `items` over every clinic and times the drain. */
async function classifierRun(n: number, tenants: string[], offset: number) {
  const app = `${prefix}-${n}`;
  const sep = postgresUrl?.includes("?") ? "&" : "?";
  const url = `${postgresUrl}${sep}options=${encodeURIComponent(`-c search_path=${db.schema}`)}&application_name=${app}`;
  const children: ChildProcess[] = [];
  for (let i = 0; i < n; i++) {
    children.push(
      spawn(process.execPath, ["--import", "tsx", "workers/classifier/src/main.ts"], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? "",
          DATABASE_URL: url,
          REDIS_URL,
          QUEUE_PREFIX: prefix,
          LOG_LEVEL: "error",
          CLAIM_INDEX_MB: String(INDEX_MB),
        },
        stdio: ["ignore", "ignore", "inherit"],
      }),
    );
  }
  const insert = async (from: number, to: number) => {
    const byTenant = new Map<string, string[]>();
    const chunk: { t: string; f: number }[] = [];
    for (let k = from; k < to; k++) chunk.push({ t: tenants[k % tenants.length] as string, f: Math.floor(k / 2) });
    await pool(tenants, 8, async (t) => {
      const mine = chunk.filter((c) => c.t === t);
      if (mine.length === 0) return;
      const { pendingIds } = await forClinic(db.db, t).insertItems(
        mine.map((c, j) => ({
          sourceId: null,
          reportId: null,
          dedupKey: `n:${from}:${c.f}:${j}`,
          externalId: null,
          url: null,
          title: null,
          text: familyText(c.f, (from + j) % 2),
          author: null,
          publishedAt: null,
        })),
      );
      byTenant.set(t, pendingIds);
    });
    for (const [t, ids] of byTenant) await enqueueClassify(queues, t, ids);
  };
  // Warm-up: every process loads its model and takes a job.
  await insert(offset, offset + 64 * n);
  while ((await pendingCount()) > 0) await new Promise((r) => setTimeout(r, 200));
  await insert(offset + 64 * n, offset + 64 * n + ITEMS);
  const start = performance.now();
  let connections = 0;
  while ((await pendingCount()) > 0) {
    const r = await sql<{ n: string }>`
      select count(*) as n from pg_stat_activity where application_name = ${app}`.execute(db.db);
    connections = Math.max(connections, Number(r.rows[0]?.n ?? 0));
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - start) / 1000;
  const rss = children.map((c) => peakRss(c.pid));
  await Promise.all(
    children.map(
      (c) =>
        new Promise((r) => {
          c.once("exit", r);
          c.kill("SIGTERM");
        }),
    ),
  );
  return { seconds, perSecond: ITEMS / seconds, rss, connections };
}

try {
  const t0 = Date.now();
  const tenants: string[] = [];
  for (let c = 0; c < CLINICS; c++)
    tenants.push((await createTenant(db.db, { slug: `n${c}`, name: `Klinik ${c}` })).id);
  const seeded = Array.from({ length: SOURCES }, (_, i) => i);
  await pool(seeded, 8, async (i) => {
    const clinic = forClinic(db.db, tenants[i % CLINICS] as string);
    const sec = SCHEDULES[i % SCHEDULES.length] ?? 300;
    const s = await clinic.createSource({
      kind: "rss",
      name: `Sumber ${i}`,
      url: `https://berita${i % 997}.example.id/feed-${i}.xml`,
      scheduleSec: sec,
    });
    const next = new Date(t0 + ((i * 7_919) % sec) * 1000).toISOString();
    await clinic.recordFetchSuccess(s.id, { status: 200, etag: null, lastModified: null, added: 0, nextFetchAt: next });
  });
  console.log(
    `${CLINICS} clinics, ${SOURCES} sources on Postgres (seeded in ${Math.round((Date.now() - t0) / 1000)} s)`,
  );

  // Schedule upkeep: the tick's 30 s (jobs are left queued; each source is due once in the window at most).
  let tickMs = 0;
  let enqueued = 0;
  let start = performance.now();
  await ensureTick({ queues, logger });
  tickMs += performance.now() - start;
  let worstTick = 0;
  for (let at = t0; at < t0 + 30_000; at += TICK_MS) {
    start = performance.now();
    enqueued += await enqueueDueSources({ db: db.db, queues }, new Date(at));
    const ms = performance.now() - start;
    worstTick = Math.max(worstTick, ms);
    tickMs += ms;
  }
  await queues.ingest.obliterate({ force: true });

  const one = await classifierRun(1, tenants, 0);
  const two = await classifierRun(2, tenants, 1_000_000);
  console.log(
    table([
      ["national instance, Postgres, this machine", "figure"],
      [`schedule upkeep: ticks of 30 s over ${SOURCES} sources (ms, once for the instance)`, Math.round(tickMs)],
      ["  worst single tick (ms)", Math.round(worstTick)],
      ["  fetch jobs enqueued in those 30 s", enqueued],
      [`1 classifier process: items/s (${ITEMS} items over ${CLINICS} clinics)`, Math.round(one.perSecond)],
      ["2 classifier processes: items/s", Math.round(two.perSecond)],
      ["  ratio 2 : 1", (two.perSecond / one.perSecond).toFixed(2)],
      [
        `peak RSS per classifier process, MB (CLAIM_INDEX_MB=${INDEX_MB})`,
        [...one.rss, ...two.rss].map(Math.round).join(" / "),
      ],
      ["most Postgres connections held, 1 process / 2 processes", `${one.connections} / ${two.connections}`],
    ]),
  );
} finally {
  await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true }).catch(() => {})));
  await closeQueues(queues);
  await redis.quit();
  await db.close();
}
