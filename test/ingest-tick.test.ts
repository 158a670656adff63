import { forClinic } from "@klinik/db";
import { createWorker } from "@klinik/queue";
import { enqueueDueSources, ensureTick, TICK_MS } from "@klinik/worker-ingest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, demoFeed, fixtureServer, type Harness } from "./support/harness.ts";
import { ingestProcessor } from "./support/ingest.ts";

/**
 * Sources are fetched on schedule by one tick that enqueues those due (not one
 * job scheduler per source). The clock is simulated; the queue, the worker,
 * the database and the HTTP fetches are real.
 */
describe("ingest tick", () => {
  let h: Harness;
  let server: Awaited<ReturnType<typeof fixtureServer>>;
  let simNow = 0;
  const fetchedAt: Record<string, number[]> = {};

  beforeAll(async () => {
    h = await createHarness();
    server = await fixtureServer({
      "/a.xml": () => ({ body: demoFeed("berita-daerah.xml") }),
      "/b.xml": () => ({ body: demoFeed("berita-daerah.xml") }),
      "/c.xml": () => ({ body: demoFeed("berita-daerah.xml") }),
    });
    const run = ingestProcessor(h, { now: () => new Date(simNow) });
    const worker = createWorker(
      "ingest",
      async (payload) => {
        const out = await run(payload);
        if (out.kind !== "skipped") fetchedAt[payload.sourceId] = [...(fetchedAt[payload.sourceId] ?? []), simNow];
        return out;
      },
      {
        connection: h.redis.duplicate({ maxRetriesPerRequest: null }),
        prefix: h.config.QUEUE_PREFIX,
        logger: h.logger,
        concurrency: 4,
      },
    );
    h.shutdown.add("test worker", () => worker.close());
  });
  afterAll(async () => {
    await server.close();
    await h?.close();
  });

  const idle = async () => {
    for (;;) {
      const c = await h.queues.ingest.getJobCounts("waiting", "active", "delayed", "prioritized");
      if (Object.values(c).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  it("fetches a 5-minute source every 5 minutes and a 60 s source every minute, within one tick", async () => {
    const clinic = await createClinic(h, "kalbar");
    const db = forClinic(h.db.db, clinic.tenant.id);
    const five = await db.createSource({ kind: "rss", name: "Lima", url: server.url("/a.xml"), scheduleSec: 300 });
    const one = await db.createSource({ kind: "rss", name: "Satu", url: server.url("/b.xml"), scheduleSec: 60 });
    const paused = await db.createSource({ kind: "rss", name: "Jeda", url: server.url("/c.xml"), scheduleSec: 60 });
    await db.setSourceEnabled(paused.id, false, "uji");

    const deps = { db: h.db.db, queues: h.queues };
    const t0 = Date.parse("2026-11-30T02:00:00.000Z");
    // 20 minutes of ticks; every tick also runs twice, as from two processes.
    for (let t = 0; t <= 20 * 60_000; t += TICK_MS) {
      simNow = t0 + t;
      await Promise.all([enqueueDueSources(deps, new Date(simNow)), enqueueDueSources(deps, new Date(simNow))]);
      await idle();
    }
    const rel = (id: string) => (fetchedAt[id] ?? []).map((at) => (at - t0) / 1000);
    expect(rel(five.id)).toEqual([0, 300, 600, 900, 1200]);
    expect(rel(one.id)).toEqual(Array.from({ length: 21 }, (_, i) => i * 60));
    expect(rel(paused.id)).toEqual([]);
  });

  it("keeps one tick scheduler for the instance and removes the per-source schedulers of before", async () => {
    await h.queues.ingest.upsertJobScheduler(
      "source-old",
      { every: 300_000 },
      { name: "ingest", data: { tenantId: "t", sourceId: "old" } },
    );
    await ensureTick({ queues: h.queues, logger: h.logger }, { removeLegacy: true });
    await ensureTick({ queues: h.queues, logger: h.logger });
    expect(await h.queues.ingest.getJobSchedulers(0, -1)).toEqual([]);
    const ticks = await h.queues["ingest-tick"].getJobSchedulers(0, -1);
    expect(ticks.map((s) => [s.key, s.every])).toEqual([["ingest-tick", TICK_MS]]);
  });
});
