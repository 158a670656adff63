/**
 * `pnpm bench metrics [--clinics=552] [--waiting=10000] [--scrapes=200]`: what one
 * scrape of GET /metrics costs at national size, measured beside GET /health in
 * the same run (alternated). The instance is the production code: the app from
 * createApp, counters written by the workers' own ops-counters functions, a
 * heartbeat per worker process, and classify jobs waiting in BullMQ.
 */
import { randomBytes } from "node:crypto";
import { createTenant } from "@klinik/db";
import { opsCounters } from "@klinik/queue";
import { benchApp } from "./_app.ts";
import { arg, percentile, table } from "./_util.ts";

export default async function main(argv: string[]) {
  const clinics = arg(argv, "clinics", 552);
  const waiting = arg(argv, "waiting", 10_000);
  const scrapes = arg(argv, "scrapes", 200);
  const token = randomBytes(24).toString("hex");
  const { db, app, redis, queues, prefix, close } = await benchApp("metrics", { METRICS_TOKEN: token });

  // Every clinic has ingested and scored items; 8 failure reasons; 6 worker processes.
  const counters = opsCounters(redis, prefix);
  for (let i = 0; i < clinics; i++) {
    const t = await createTenant(db.db, { slug: `klinik-${i}`, name: `Klinik ${i}` });
    counters.add("ingested", t.id, 1_000 + i);
    counters.add("scored", t.id, 990 + i);
  }
  for (const reason of ["timeout", "http_error", "dns", "tls", "too_large", "not_a_feed", "blocked", "redirects"]) {
    counters.add("feed_failures", reason, 7);
  }
  const now = Date.now();
  for (let i = 0; i < 6; i++) {
    const role = i < 2 ? "ingest" : "classifier";
    const state = {
      role,
      instance: `${role}@host:${i}`,
      rssBytes: 3e8,
      heapUsedBytes: 1e8,
      cpuSeconds: 9,
      loopDelayP99Seconds: 0.01,
      seenAt: now,
      ...(role === "classifier" ? { model: "m" } : {}),
    };
    await redis.hset(`${prefix}:ops:processes`, state.instance, JSON.stringify(state));
  }
  for (let i = 0; i < waiting; i += 1_000) {
    const n = Math.min(1_000, waiting - i);
    await queues.classify.addBulk(
      Array.from({ length: n }, (_, j) => ({ name: "classify", data: { tenantId: "t", itemIds: [`i${i + j}`] } })),
    );
  }
  // Request figures for a few dozen routes, as a running API has.
  for (let i = 0; i < 500; i++) await app.request(i % 2 ? "/health" : `/api/v1/items/${i}`);

  const auth = { headers: { authorization: `Bearer ${token}` } };
  const timed = async (path: string, init?: RequestInit) => {
    const t = performance.now();
    const res = await app.request(path, init);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    return { ms: performance.now() - t, bytes: body.length };
  };
  const first = await timed("/metrics", auth);
  const m: number[] = [];
  const h: number[] = [];
  let bytes = 0;
  for (let i = 0; i < scrapes; i++) {
    const a = await timed("/metrics", auth);
    m.push(a.ms);
    bytes = a.bytes;
    h.push((await timed("/health")).ms);
  }
  m.sort((a, b) => a - b);
  h.sort((a, b) => a - b);
  const p = (xs: number[], q: number) => Number(percentile(xs, q).toFixed(2));
  console.log(
    `GET /metrics at ${clinics} clinics, ${waiting} waiting classify jobs, 6 worker heartbeats; ${scrapes} scrapes alternated with GET /health`,
  );
  console.log(
    table([
      ["request", "p50 ms", "p95 ms", "max ms", "bytes"],
      ["/metrics", p(m, 50), p(m, 95), p(m, 100), bytes],
      ["/health", p(h, 50), p(h, 95), p(h, 100), ""],
      ["ratio", Number((p(m, 50) / p(h, 50)).toFixed(1)), Number((p(m, 95) / p(h, 95)).toFixed(1)), "", ""],
    ]),
  );
  console.log(`first scrape (reads the ${clinics} clinic slugs once a minute): ${first.ms.toFixed(1)} ms`);

  await close();
}
