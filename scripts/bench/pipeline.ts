/**
 * `pnpm bench pipeline [--items=N] [--concurrency=C]`: N fixture items through
 * ingest → queue → classify (+ clustering) → DB, and in the same run the raw
 * BullMQ add+process rate on the same Redis with the same concurrency.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger, loadConfig, Shutdown } from "@klinik/config";
import { createSource, createTenant } from "@klinik/db";
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

function feedXml(feed: number): string {
  const items: string[] = [];
  for (let i = 0; i < PER_FEED && feed * PER_FEED + i < N; i++) {
    const n = feed * PER_FEED + i;
    items.push(
      `<item><guid>f${feed}-${i}</guid><title>Kabar ${n}</title><link>https://contoh.test/${feed}/${i}</link><description>${fakeText(n, 30 + (n % 40))}</description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench ${feed}</title>${items.join("")}</channel></rss>`;
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

async function ours(classifierProcess: boolean): Promise<{ rate: number; clusters: number }> {
  const db = await createTestDb("sqlite");
  // The fixture server only hands out bytes made before the clock starts.
  const bodies = Array.from({ length: FEEDS }, (_, f) => Buffer.from(feedXml(f)));
  const feeds = createServer((req, res) => {
    const m = /^\/feed-(\d+)\.xml$/.exec(req.url ?? "");
    const body = m ? bodies[Number(m[1])] : undefined;
    if (!body) return void res.writeHead(404).end();
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
  const tenant = await createTenant(db.db, { slug: "bench", name: "Bench" });
  for (let f = 0; f < FEEDS; f++) {
    await createSource(db.db, tenant.id, {
      kind: "rss",
      name: `Feed ${f}`,
      url: `http://127.0.0.1:${port}/feed-${f}.xml`,
      scheduleSec: 3600,
    });
  }
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
  const t0 = performance.now();
  const { queues } = await startIngest(config, logger, shutdown, { db, syncEveryMs: 3_600_000 });
  let last = -1;
  let lastChange = performance.now();
  for (;;) {
    // Counted through the small partial index of pending items: the poll itself
    // must not scan the table (every 20 ms, on the ingest process's thread).
    const r = await sql<{ all: number; pending: number }>`
      select (select count(*) from items) as "all",
             (select count(*) from items where status = 'pending') as pending`.execute(db.db);
    const n = Number(r.rows[0]?.all) - Number(r.rows[0]?.pending);
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
  const clusters = Number((await sql<{ n: number }>`select count(*) as n from clusters`.execute(db.db)).rows[0]?.n);
  // The last job is still finishing (moving to completed) when its items are stored:
  // obliterating under it makes BullMQ log "Missing key for job".
  for (let i = 0; i < 250 && (await queues.classify.getActiveCount()) > 0; i++) {
    await new Promise((res) => setTimeout(res, 20));
  }
  await Promise.all([queues.classify.obliterate({ force: true }), queues.ingest.obliterate({ force: true })]);
  await shutdown.run("bench done");
  await new Promise<void>((r) => feeds.close(() => r()));
  await db.close();
  return { rate: (N / ms) * 1000, clusters };
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
console.log(
  table([
    ["measure", "items/s", "ratio to raw (goal ≥ 0.6)"],
    ["raw BullMQ add+process, one process (mean of before/after)", Math.round(raw), "1.00"],
    ["Klinik, everything in one process", Math.round(single.rate), (single.rate / raw).toFixed(2)],
    ["Klinik, classifier in its own process (as pnpm start)", Math.round(split.rate), (split.rate / raw).toFixed(2)],
  ]),
);
console.log(
  `clusters formed: ${single.clusters} / ${split.clusters}; raw runs: ${Math.round(raw1)} and ${Math.round(raw2)} items/s`,
);
process.exit(0);
