import { randomBytes } from "node:crypto";
import { createLogger } from "@klinik/config";
import { createTenant, forClinic } from "@klinik/db";
import { createTestDb, testItem } from "@klinik/db/testing";
import { closeQueues, createQueues, createRedis } from "@klinik/queue";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepPending } from "./sweeper.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const N = 5_000;

describe("sweeper across classifier processes", () => {
  let h: Awaited<ReturnType<typeof createTestDb>>;
  const prefix = `test-sweep-${randomBytes(4).toString("hex")}`;
  // Two processes: a Redis connection and queues each.
  const processes = [0, 1].map(() => {
    const redis = createRedis(REDIS_URL, "worker");
    return { redis, queues: createQueues({ connection: redis, prefix }) };
  });
  const logger = createLogger("test", "silent");
  beforeAll(async () => {
    h = await createTestDb("sqlite");
  });
  afterAll(async () => {
    await processes[0]?.queues.classify.obliterate({ force: true });
    for (const p of processes) {
      await closeQueues(p.queues);
      await p.redis.quit();
    }
    await h?.close();
  });

  const sweep = (p: (typeof processes)[number], everyMs: number) =>
    sweepPending({ db: h.db, logger, prefix, ...p }, { olderThanMs: 60_000, everyMs });

  const enqueuedIds = async () => {
    const jobs = await processes[0]?.queues.classify.getJobs(["waiting", "delayed", "prioritized"], 0, -1);
    return (jobs ?? []).flatMap((j) => j.data.itemIds);
  };

  it("re-enqueues each orphaned item once, however many processes sweep and however often", async () => {
    const tenantId = (await createTenant(h.db, { slug: "gorontalo", name: "Gorontalo" })).id;
    const { pendingIds } = await forClinic(h.db, tenantId).insertItems(
      Array.from({ length: N }, (_, i) => testItem(`orphan-${i}`)),
    );
    const old = new Date(Date.now() - 5 * 60_000).toISOString();
    await sql`update items set created_at = ${old}`.execute(h.db);

    // Both processes sweep at the same moment.
    const [a, b] = await Promise.all(processes.map((p) => sweep(p, 50)));
    expect((a ?? 0) + (b ?? 0)).toBe(N);
    // Later sweeps (the lease has run out) find the same items still pending behind the queue.
    await new Promise((r) => setTimeout(r, 80));
    expect(await Promise.all(processes.map((p) => sweep(p, 50)))).toEqual([0, 0]);

    const ids = await enqueuedIds();
    expect(ids).toHaveLength(N);
    expect(new Set(ids)).toEqual(new Set(pendingIds));
  });

  it("keeps the lease while a sweep runs, even past its period: a second process never sweeps the same items", async () => {
    const tenantId = (await createTenant(h.db, { slug: "bone", name: "Bone" })).id;
    const M = 2_000;
    await forClinic(h.db, tenantId).insertItems(Array.from({ length: M }, (_, i) => testItem(`slow-${i}`)));
    await sql`update items set created_at = ${new Date(Date.now() - 5 * 60_000).toISOString()}`.execute(h.db);
    // A 1 ms period that every sweep outlasts: the second process asks 10 ms into the first's
    // sweep, before it has marked anything. The items of the first test are marked and stay out.
    const [first, second] = processes as [(typeof processes)[0], (typeof processes)[0]];
    const a = sweep(first, 1);
    await new Promise((r) => setTimeout(r, 10));
    const counts = await Promise.all([a, sweep(second, 1)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(M);
    expect(counts).toContain(0);
  });

  it("re-enqueues again once Redis has lost the jobs and their marks", async () => {
    await processes[0]?.queues.classify.obliterate({ force: true });
    const marks = await processes[0]?.redis.keys(`${prefix}:swept:*`);
    if (marks?.length) await processes[0]?.redis.del(...marks.slice(0, 10));
    await new Promise((r) => setTimeout(r, 80));
    expect(await sweep(processes[1] as (typeof processes)[number], 50)).toBe(10);
  });
});
