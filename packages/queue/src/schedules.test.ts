import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeQueues, createQueues, createRedis, type JobPayload, type Queues, upsertSchedule } from "./index.ts";

describe("upsertSchedule", () => {
  const redis = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", "worker");
  let queues: Queues;

  beforeAll(() => {
    queues = createQueues({ connection: redis, prefix: `test-sched-${randomBytes(5).toString("hex")}` });
  });
  afterAll(async () => {
    await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true }))).catch(() => {});
    await closeQueues(queues);
    await redis.quit();
  });

  it("schedules a catalog job with its payload, the first one at once, with the catalog's options", async () => {
    await upsertSchedule(queues, "ingest", "source-s1", 300_000, { tenantId: "t1", sourceId: "s1" });
    const [scheduler] = await queues.ingest.getJobSchedulers(0, -1);
    expect(scheduler).toMatchObject({
      key: "source-s1",
      every: 300_000,
      template: { data: { tenantId: "t1", sourceId: "s1" } },
    });
    const jobs = await queues.ingest.getJobs(["wait", "delayed", "prioritized"]);
    expect(jobs.map((j) => [j.name, j.data, j.opts.attempts])).toEqual([
      ["ingest", { tenantId: "t1", sourceId: "s1" }, 3],
    ]);
  });

  it("refuses a payload the catalog does not accept, and schedules nothing", async () => {
    const bad = { tenantId: "t1", sourceId: "" } as JobPayload<"ingest">;
    await expect(upsertSchedule(queues, "ingest", "source-bad", 300_000, bad)).rejects.toThrow(/sourceId/);
    const wrongShape = { tenantId: "t1" } as unknown as JobPayload<"ingest">;
    await expect(upsertSchedule(queues, "ingest", "source-bad", 300_000, wrongShape)).rejects.toThrow();
    expect((await queues.ingest.getJobSchedulers(0, -1)).map((s) => s.key)).not.toContain("source-bad");
  });
});
