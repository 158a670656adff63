/**
 * `pnpm bench ingest-parse [--mib=12] [--feeds=3]`: the embedded API's latency
 * while large feeds are fetched and parsed, side by side in one run:
 *
 * - idle: nothing else running;
 * - ingest in the API's process (how `pnpm start` ran it before): `startIngest`
 *   beside `startApi`, sharing one event loop;
 * - ingest in a child process (how `pnpm start` runs it now): the ingest
 *   worker's own entry point, started with `startChildWorker` as scripts/start.ts does.
 *
 * The API is the real one (`startApi`, SQLite, Redis) serving GET /api/v1/sources
 * to a client in another process (so the client's clock is not held up by the
 * API's event loop) at ~50 requests/s; the feeds (RSS, `--mib` MiB each, 1,000
 * entries) come from a loopback server. p50/p99/max count only the requests
 * sent while the feeds were being fetched and parsed (idle: the whole run).
 *
 * Measured 2026-11-30 on the 2-core dev machine (load average ~3): p99 idle 16.9 ms,
 * ingest in the API's process 2,582.6 ms, in a child process 19.0 ms (max 43.7 ms).
 * Under a load average of 9 the same run gave 37.4 / 3,579.0 / 56.9 ms.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startApi } from "@klinik/api";
import { createLogger, loadConfig, Shutdown } from "@klinik/config";
import { createSession, createTenant, createUser, forClinic } from "@klinik/db";
import { createTestDb } from "@klinik/db/testing";
import { closeQueues, createQueues, createRedis } from "@klinik/queue";
import { enqueueDueSources, startIngest } from "@klinik/worker-ingest";
import { startChildWorker } from "../lib/child-worker.ts";
import { arg, fakeText, percentile, table } from "./_util.ts";

const args = process.argv.slice(2);
const MIB = arg(args, "mib", 12);
const FEEDS = arg(args, "feeds", 3);

function bigFeed(seed: number): Buffer {
  const target = MIB * 1024 * 1024;
  const per = Math.ceil(target / 1_000);
  const items: string[] = [];
  for (let i = 0; i < 1_000; i++) {
    let text = "";
    while (text.length < per - 200) text += ` ${fakeText(seed * 10_000 + i * 31 + text.length, 60)}`;
    items.push(
      `<item><guid>f${seed}-${i}</guid><title>Kabar ${seed}-${i}</title><description><![CDATA[<p>${text}</p>]]></description></item>`,
    );
  }
  return Buffer.from(
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Besar</title>${items.join("")}</channel></rss>`,
  );
}

/** A client in its own process: one GET every 20 ms, printing "sentAtMs latencyMs" per request. */
const CLIENT = `
const [url, token, ms] = process.argv.slice(1);
const end = Date.now() + Number(ms);
while (Date.now() < end) {
  const t = Date.now();
  const s = performance.now();
  const r = await fetch(url, { headers: { authorization: "Bearer " + token } });
  await r.arrayBuffer();
  console.log(t, (performance.now() - s).toFixed(2));
  await new Promise((res) => setTimeout(res, Math.max(0, 20 - (Date.now() - t))));
}`;

/** Starts the client; `stop()` ends it early and resolves with what it measured. */
function runClient(url: string, token: string, ms: number) {
  let stop = () => {};
  const done = new Promise<{ at: number; ms: number }[]>((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", CLIENT, url, token, String(ms)]);
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.pipe(process.stderr);
    stop = () => child.kill("SIGTERM");
    child.on("error", reject);
    child.on("exit", () =>
      resolve(
        out
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((l) => {
            const [at, lat] = l.split(" ");
            return { at: Number(at), ms: Number(lat) };
          }),
      ),
    );
  });
  return {
    done,
    stop: () => {
      stop();
      return done;
    },
  };
}

async function main() {
  const feeds = Array.from({ length: FEEDS }, (_, i) => bigFeed(i));
  const server = createServer((req, res) => {
    const i = Number(/\/feed-(\d+)/.exec(req.url ?? "")?.[1] ?? -1);
    const body = feeds[i];
    if (!body) res.writeHead(404).end();
    else res.writeHead(200, { "content-type": "application/rss+xml" }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const feedBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const db = await createTestDb("sqlite");
  const env = {
    DATABASE_URL: db.url,
    QUEUE_PREFIX: `bench-parse-${Date.now()}`,
    KLINIK_ALLOW_PRIVATE_FEEDS: "true",
    LOG_LEVEL: "silent",
    PORT: "0",
  };
  const config = loadConfig(env);
  const logger = createLogger("bench", "silent");
  const shutdown = new Shutdown(logger);
  const api = await startApi(config, logger, shutdown, { db });
  console.log(`${FEEDS} feeds of ${(feeds[0]?.length ?? 0) / 1024 / 1024} MiB, 1,000 entries each; API at ${api.url}`);

  const redis = createRedis(config.REDIS_URL, "producer");
  const queues = createQueues({ connection: redis, prefix: config.QUEUE_PREFIX });
  let n = 0;
  /**
   * A clinic with FEEDS big sources, enqueued as the tick does once the ingest worker
   * (started by `start`, as it runs all along in `pnpm start`) is up; resolves when the
   * load has run while all were fetched and parsed.
   */
  const scenario = async (start: (() => Promise<unknown>) | null) => {
    n += 1;
    const tenant = await createTenant(db.db, { slug: `k${n}`, name: `Klinik ${n}` });
    const user = await createUser(db.db, {
      tenantId: tenant.id,
      email: `a${n}@bench.test`,
      name: "Admin",
      password: "kata-sandi-bench",
      role: "admin",
    });
    const { token } = await createSession(db.db, user, 1);
    const clinic = forClinic(db.db, tenant.id);
    if (start) await start();
    const load = runClient(`${api.url}/api/v1/sources`, token, start ? 150_000 : 8_000);
    await new Promise((r) => setTimeout(r, 2_000));
    if (!start) return { lat: (await load.done).slice(10).map((l) => l.ms), window: 0 };
    const ids = [];
    for (let i = 0; i < FEEDS; i++) {
      const s = await clinic.createSource({
        kind: "rss",
        name: `Besar ${i}`,
        url: `${feedBase}/feed-${i}?k=${n}`,
        scheduleSec: 3_600,
      });
      ids.push(s.id);
    }
    const from = Date.now();
    await enqueueDueSources({ db: db.db, queues });
    for (;;) {
      const rows = await clinic.listSources();
      if (rows.every((r) => r.last_fetch_at)) {
        if (rows.some((r) => r.last_error)) throw new Error(`a feed failed: ${rows.map((r) => r.last_error)}`);
        break;
      }
      if (Date.now() - from > 140_000) throw new Error("feeds not fetched within 140 s");
      await new Promise((r) => setTimeout(r, 50));
    }
    const to = Date.now();
    const all = await load.stop();
    return { lat: all.filter((l) => l.at >= from && l.at <= to).map((l) => l.ms), window: to - from };
  };

  const results: [string, { lat: number[]; window: number }][] = [];
  results.push(["idle", await scenario(null)]);
  const inProcess = new Shutdown(logger);
  results.push([
    "ingest in the API's process (before)",
    await scenario(async () => {
      await startIngest(config, logger, inProcess, { db, syncEveryMs: 3_600_000 });
    }),
  ]);
  await inProcess.run("scenario done");
  let child: { stop(): Promise<void> } | undefined;
  results.push([
    "ingest in a child process (after)",
    await scenario(async () => {
      child = await startChildWorker("workers/ingest/src/main.ts", { ...env, PATH: process.env.PATH }, logger);
    }),
  ]);
  await child?.stop();

  const idle = percentile(
    [...(results[0]?.[1].lat ?? [])].sort((a, b) => a - b),
    99,
  );
  const rows: (string | number)[][] = [
    ["API GET /api/v1/sources", "requests", "p50 ms", "p99 ms", "max ms", "p99 vs idle"],
  ];
  for (const [name, { lat, window }] of results) {
    const sorted = [...lat].sort((a, b) => a - b);
    const p99 = percentile(sorted, 99);
    rows.push([
      `${name}${window ? ` (${(window / 1000).toFixed(1)} s of parsing)` : ""}`,
      sorted.length,
      percentile(sorted, 50),
      p99,
      sorted.at(-1) ?? Number.NaN,
      `${(p99 / idle).toFixed(1)}×`,
    ]);
  }
  console.log(table(rows));
  await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true }).catch(() => {})));
  await closeQueues(queues);
  await redis.quit();
  await shutdown.run("bench done");
  await new Promise<void>((r) => server.close(() => r()));
  await db.close();
  process.exit(0);
}

await main();
