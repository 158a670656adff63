/**
 * `pnpm bench ingest-schedule [--sources=30000] [--clinics=552] [--postgres]`:
 * what keeping every source on its schedule costs an ingest process per 30 s,
 * at national size, side by side in one run on one database and one Redis:
 *
 * - before: one BullMQ job scheduler per source, every one upserted by each
 *   ingest process every 30 s (the design this replaced, kept here verbatim as
 *   the baseline: `legacySync`);
 * - after: the production code: one tick job every 5 s for the instance
 *   (`enqueueDueSources`: an indexed read of the sources due, one addBulk of
 *   their jobs) and one upsert of the tick's own scheduler per process.
 *
 * Sources have 5, 10, 15, 30 and 60 minute schedules with their next fetch
 * spread over the interval (steady state); between ticks the jobs a tick
 * enqueued are "run" (next_fetch_at moved on, outside the timing).
 *
 * Measured 2026-11-30 (30,000 sources, SQLite, local Redis, 2 shared cores):
 * before 46,967 ms per 30 s sync, after 147 ms for the 30 s of ticks (1,140 jobs).
 */

import { createTenant, type Db, forClinic, listEnabledSources } from "@klinik/db";
import { createTestDb, testPostgresUrl } from "@klinik/db/testing";
import { createQueues, createRedis, type Queues, upsertSchedule } from "@klinik/queue";
import { enqueueDueSources, ensureTick, TICK_MS } from "@klinik/worker-ingest";
import { arg, table } from "./_util.ts";

const args = process.argv.slice(2);
const SOURCES = arg(args, "sources", 30_000);
const CLINICS = arg(args, "clinics", 552);
const dialect = args.includes("--postgres") && testPostgresUrl() ? "postgres" : "sqlite";
const SCHEDULES = [300, 600, 900, 1_800, 3_600];
const WINDOW_MS = 30_000;

/** The replaced design (workers/ingest/src/scheduler.ts before the tick), for comparison only. */
async function legacySync(db: Db, queues: Queues): Promise<number> {
  const sources = await listEnabledSources(db);
  const wanted = new Set<string>();
  for (const s of sources) {
    const id = `source-${s.id}`;
    wanted.add(id);
    await upsertSchedule(queues, "ingest", id, s.schedule_sec * 1000, { tenantId: s.tenant_id, sourceId: s.id });
  }
  for (const js of await queues.ingest.getJobSchedulers(0, -1)) {
    if (js.key && !wanted.has(js.key)) await queues.ingest.removeJobScheduler(js.key);
  }
  return sources.length;
}

async function main() {
  const db = await createTestDb(dialect);
  const redis = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", "worker");
  const prefix = `bench-sched-${Date.now()}`;
  const queues = createQueues({ connection: redis, prefix });
  const logger = { info() {}, warn() {}, error() {} } as never;
  try {
    const t0 = Date.now();
    const sources: { id: string; tenantId: string; sec: number }[] = [];
    const perClinic = Math.ceil(SOURCES / CLINICS);
    for (let c = 0; c < CLINICS && sources.length < SOURCES; c++) {
      const tenant = await createTenant(db.db, { slug: `k${c}`, name: `Klinik ${c}` });
      const clinic = forClinic(db.db, tenant.id);
      for (let k = 0; k < perClinic && sources.length < SOURCES; k++) {
        const i = sources.length;
        const sec = SCHEDULES[i % SCHEDULES.length] ?? 300;
        const s = await clinic.createSource({
          kind: "rss",
          name: `Sumber ${i}`,
          url: `https://berita${i % 997}.example.id/feed-${i}.xml`,
          scheduleSec: sec,
        });
        // Steady state: the next fetch somewhere in the coming interval.
        const next = new Date(t0 + ((i * 7_919) % sec) * 1000).toISOString();
        await clinic.recordFetchSuccess(s.id, {
          status: 200,
          etag: null,
          lastModified: null,
          added: 0,
          nextFetchAt: next,
        });
        sources.push({ id: s.id, tenantId: tenant.id, sec });
      }
    }
    const byId = new Map(sources.map((s) => [s.id, s]));
    console.log(`${sources.length} sources in ${CLINICS} clinics on ${dialect} (seeded in ${Date.now() - t0} ms)`);

    // Before: the first sync creates every scheduler; the second is what each process paid every 30 s.
    await legacySync(db.db, queues);
    let start = performance.now();
    await legacySync(db.db, queues);
    const before = performance.now() - start;
    await queues.ingest.obliterate({ force: true });

    // After: the ticks of 30 s (and this process's upsert of the tick's scheduler).
    let enqueued = 0;
    let after = 0;
    start = performance.now();
    await ensureTick({ queues, logger });
    after += performance.now() - start;
    for (let at = t0; at < t0 + WINDOW_MS; at += TICK_MS) {
      start = performance.now();
      const n = await enqueueDueSources({ db: db.db, queues }, new Date(at));
      after += performance.now() - start;
      enqueued += n;
      // The workers run what the tick enqueued: each source moves on one interval.
      const jobs = await queues.ingest.getJobs(["waiting"], 0, -1);
      for (const job of jobs) {
        const s = byId.get(job.data.sourceId);
        if (!s) continue;
        await forClinic(db.db, s.tenantId).recordFetchSuccess(s.id, {
          status: 200,
          etag: null,
          lastModified: null,
          added: 0,
          nextFetchAt: new Date(at + s.sec * 1000).toISOString(),
        });
      }
      await queues.ingest.obliterate({ force: true });
    }
    const expected = sources.reduce((a, s) => a + WINDOW_MS / 1000 / s.sec, 0);
    console.log(
      table([
        ["schedule upkeep per ingest process, 30 s", "ms", "jobs enqueued", "× cheaper"],
        ["before: job scheduler per source, synced every 30 s", Math.round(before), "(by BullMQ)", "1.00"],
        [
          `after: tick every ${TICK_MS / 1000} s from the database`,
          Math.round(after),
          enqueued,
          (before / after).toFixed(1),
        ],
      ]),
    );
    console.log(`(sources due in 30 s at these schedules: ~${Math.round(expected)})`);
  } finally {
    await queues.ingest.obliterate({ force: true }).catch(() => {});
    await queues["ingest-tick"].obliterate({ force: true }).catch(() => {});
    await Promise.all(Object.values(queues).map((q) => q.close()));
    await redis.quit();
    await db.close();
  }
}

await main();
