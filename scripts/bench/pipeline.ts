/**
 * `pnpm bench pipeline [--items=N] [--concurrency=C]`: N fixture items through
 * ingest → queue → classify (+ clustering) → DB, and in the same run the raw
 * BullMQ add+process rate on the same Redis with the same concurrency.
 *
 * The raw side is measured after a warm-up run; ours is measured twice in the
 * same processes: cold (the first N items after start: nothing JIT-compiled,
 * no word stemmed yet; TurboFan alone then used ~450 ms of CPU on background
 * threads for 4,000 items) and warm (N other items of another clinic, as a
 * running deployment sees them). Both are printed; warm against warm is the
 * like-for-like ratio.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger, loadConfig, Shutdown } from "@klinik/config";
import { createTenant, forClinic } from "@klinik/db";
import { createTestDb } from "@klinik/db/testing";
import { startClassifier } from "@klinik/worker-classifier";
import { startIngest } from "@klinik/worker-ingest";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { sql } from "kysely";
import { startChildWorker } from "../lib/child-worker.ts";
import { arg, fakeText, table } from "./_util.ts";

const args = process.argv.slice(2);
const N = arg(args, "items", 4000);
const CONCURRENCY = arg(args, "concurrency", 16);
// 500 entries per feed: well under the feed reader's 1,000-entry cap.
const FEEDS = Math.max(1, Math.ceil(N / 500));
const PER_FEED = Math.ceil(N / FEEDS);
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Phase 0 is the cold run, phase 1 the warm one: other guids, links and texts. */
function feedXml(phase: number, feed: number): string {
  const items: string[] = [];
  for (let i = 0; i < PER_FEED && feed * PER_FEED + i < N; i++) {
    const n = phase * N + feed * PER_FEED + i;
    items.push(
      `<item><guid>p${phase}-f${feed}-${i}</guid><title>Kabar ${n}</title><link>https://contoh.test/${phase}/${feed}/${i}</link><description>${fakeText(n, 30 + (n % 40))}</description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench ${phase}-${feed}</title>${items.join("")}</channel></rss>`;
}

async function rawBullmq(): Promise<number> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = `bench-raw-${randomBytes(4).toString("hex")}`;
  const queue = new Queue("raw", { connection, prefix });
  let done = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((r) => {
    finish = r;
  });
  const worker = new Worker("raw", async (job) => job.data.i, {
    connection: connection.duplicate(),
    prefix,
    concurrency: CONCURRENCY,
    removeOnComplete: { count: 1000 },
  });
  worker.on("completed", () => {
    done += 1;
    if (done === N) finish();
  });
  const t0 = performance.now();
  for (let i = 0; i < N; i += 500) {
    await queue.addBulk(
      Array.from({ length: Math.min(500, N - i) }, (_, k) => ({
        name: "x",
        data: { tenantId: "t", itemId: `i${i + k}`, i: i + k },
      })),
    );
  }
  await finished;
  const ms = performance.now() - t0;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return (N / ms) * 1000;
}

interface Phase {
  rate: number;
  clusters: number;
}

/**
 * Runs the pipeline twice in the same processes: first N items straight after
 * start (cold: nothing compiled by the JIT, no word stemmed yet), then N other
 * items from other feeds of another clinic (warm, as a running deployment is,
 * and as the raw BullMQ side is after its warm-up run).
 */
async function ours(classifierProcess: boolean): Promise<{ cold: Phase; warm: Phase }> {
  const db = await createTestDb("sqlite");
  // The fixture server only hands out bytes made before the clock starts.
  const bodies = [0, 1].map((phase) => Array.from({ length: FEEDS }, (_, f) => Buffer.from(feedXml(phase, f))));
  const fetched = [0, 0];
  const feeds = createServer((req, res) => {
    const m = /^\/p(\d)\/feed-(\d+)\.xml$/.exec(req.url ?? "");
    const body = m ? bodies[Number(m[1])]?.[Number(m[2])] : undefined;
    if (!m || !body) return void res.writeHead(404).end();
    const phase = Number(m[1]);
    fetched[phase] = (fetched[phase] ?? 0) + 1;
    res.writeHead(200, { "content-type": "application/rss+xml" }).end(body);
  });
  await new Promise<void>((r) => feeds.listen(0, "127.0.0.1", r));
  const port = (feeds.address() as AddressInfo).port;
  const config = loadConfig({
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: `bench-${randomBytes(4).toString("hex")}`,
    KLINIK_ALLOW_PRIVATE_FEEDS: "true",
    CLASSIFY_CONCURRENCY: String(CONCURRENCY),
    LOG_LEVEL: "error",
  });
  const logger = createLogger("bench", "error");
  const shutdown = new Shutdown(logger);
  const addClinic = async (phase: number) => {
    const tenant = await createTenant(db.db, { slug: `bench-${phase}`, name: `Bench ${phase}` });
    for (let f = 0; f < FEEDS; f++) {
      await forClinic(db.db, tenant.id).createSource({
        kind: "rss",
        name: `Feed ${f}`,
        url: `http://127.0.0.1:${port}/p${phase}/feed-${f}.xml`,
        scheduleSec: 3600,
      });
    }
    return tenant.id;
  };
  const cold = await addClinic(0);
  // The model is loaded before the clock starts, in this process or in its own (as `pnpm start` runs it).
  if (classifierProcess) {
    const child = await startChildWorker(
      "workers/classifier/src/main.ts",
      {
        PATH: process.env.PATH,
        DATABASE_URL: db.url,
        REDIS_URL,
        QUEUE_PREFIX: config.QUEUE_PREFIX,
        CLASSIFY_CONCURRENCY: String(CONCURRENCY),
        LOG_LEVEL: "error",
      },
      logger,
    );
    shutdown.add("classifier process", () => child.stop());
  } else {
    await startClassifier(config, logger, shutdown, { db });
  }

  // Counted through the small partial index of pending items: the poll itself
  // must not scan the table (every 20 ms, on the ingest process's thread).
  const scoredOf = async (tenantId: string) => {
    const r = await sql<{ all: number; pending: number }>`
      select (select count(*) from items where tenant_id = ${tenantId}) as "all",
             (select count(*) from items where status = 'pending') as pending`.execute(db.db);
    return Number(r.rows[0]?.all) - Number(r.rows[0]?.pending);
  };
  const until = async (tenantId: string, t0: number): Promise<Phase> => {
    let last = -1;
    let lastChange = performance.now();
    for (;;) {
      const n = await scoredOf(tenantId);
      if (n >= N) break;
      if (n !== last) {
        last = n;
        lastChange = performance.now();
      } else if (performance.now() - lastChange > 30_000) {
        throw new Error(`no progress for 30 s: ${n} of ${N} items scored`);
      }
      await new Promise((res) => setTimeout(res, 20));
    }
    const ms = performance.now() - t0;
    const clusters = Number(
      (await sql<{ n: number }>`select count(*) as n from clusters where tenant_id = ${tenantId}`.execute(db.db))
        .rows[0]?.n,
    );
    return { rate: (N / ms) * 1000, clusters };
  };

  // Cold: the ingest worker starts with the clock.
  let t0 = performance.now();
  const { queues, sync } = await startIngest(config, logger, shutdown, { db, syncEveryMs: 3_600_000 });
  const first = await until(cold, t0);
  const warm = await addClinic(1);
  await drain(queues);
  // Warm: the other clinic's sources are picked up by the same running workers.
  t0 = performance.now();
  await sync();
  const second = await until(warm, t0);
  await drain(queues);
  if (fetched[0] !== FEEDS || fetched[1] !== FEEDS)
    throw new Error(`feeds fetched ${fetched.join("/")}, expected ${FEEDS} each`);
  await Promise.all([queues.classify.obliterate({ force: true }), queues.ingest.obliterate({ force: true })]);
  await shutdown.run("bench done");
  await new Promise<void>((r) => feeds.close(() => r()));
  await db.close();
  return { cold: first, warm: second };
}

/**
 * The last job is still finishing (moving to completed) when its items are
 * stored: obliterating under it makes BullMQ log "Missing key for job", and the
 * next phase must not start with the previous one's tail.
 */
async function drain(queues: { classify: Queue; ingest: Queue }): Promise<void> {
  for (let i = 0; i < 250; i++) {
    const [a, b] = await Promise.all([queues.classify.getActiveCount(), queues.ingest.getActiveCount()]);
    if (a + b === 0) return;
    await new Promise((res) => setTimeout(res, 20));
  }
}

console.log(
  `pipeline bench: ${N} items from ${FEEDS} feeds, worker concurrency ${CONCURRENCY}, Redis ${REDIS_URL}, SQLite`,
);
await rawBullmq(); // warm-up: Redis scripts loaded, JIT warm
const raw1 = await rawBullmq();
const single = await ours(false);
const split = await ours(true);
const raw2 = await rawBullmq();
const raw = (raw1 + raw2) / 2;
const ratio = (r: number) => (r / raw).toFixed(2);
console.log(
  table([
    ["measure", "items/s", "ratio to raw (goal ≥ 0.6)"],
    ["raw BullMQ add+process, one process (warm; mean of before/after)", Math.round(raw), "1.00"],
    ["Klinik, everything in one process (warm)", Math.round(single.warm.rate), ratio(single.warm.rate)],
    [
      "Klinik, classifier in its own process, as pnpm start (warm)",
      Math.round(split.warm.rate),
      ratio(split.warm.rate),
    ],
    [
      "Klinik, everything in one process (cold: first N after start)",
      Math.round(single.cold.rate),
      ratio(single.cold.rate),
    ],
    ["Klinik, classifier in its own process (cold)", Math.round(split.cold.rate), ratio(split.cold.rate)],
  ]),
);
console.log(
  `clusters formed (cold/warm): ${single.cold.clusters}/${single.warm.clusters} and ${split.cold.clusters}/${split.warm.clusters}; raw runs: ${Math.round(raw1)} and ${Math.round(raw2)} items/s`,
);
process.exit(0);
