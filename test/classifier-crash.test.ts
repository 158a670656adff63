import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { forClinic } from "@klinik/db";
import { testItem } from "@klinik/db/testing";
import { CLASSIFY_BATCH, enqueueClassify } from "@klinik/queue";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClinic, createHarness, type Harness, waitFor } from "./support/harness.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const N = 3000;

function startWorker(h: Harness): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "workers/classifier/src/main.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: h.db.url,
      REDIS_URL: h.config.REDIS_URL,
      QUEUE_PREFIX: h.config.QUEUE_PREFIX,
      CLASSIFY_CONCURRENCY: "1",
      WORKER_LOCK_MS: "2000",
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function counts(h: Harness, tenantId: string) {
  const r = await sql<{ scored: number; pending: number; versions: number }>`
    select sum(case when status = 'new' then 1 else 0 end) as scored,
           sum(case when status = 'pending' then 1 else 0 end) as pending,
           count(distinct model_version) as versions
    from items where tenant_id = ${tenantId}`.execute(h.db.db);
  const row = r.rows[0];
  return { scored: Number(row?.scored ?? 0), pending: Number(row?.pending ?? 0), versions: Number(row?.versions ?? 0) };
}

describe("classifier killed mid-run", () => {
  let h: Harness;
  let worker: ChildProcess | undefined;
  afterAll(async () => {
    worker?.kill("SIGKILL");
    await h?.close();
  });
  beforeAll(async () => {
    h = await createHarness();
  });

  it("scores every item exactly once after SIGKILL and restart", async () => {
    const { tenant } = await createClinic(h, "crash");
    const items = Array.from({ length: N }, (_, i) =>
      testItem(`crash:${i}`, {
        text: `Pesan nomor ${i}: sebarkan info bantuan tunai ini ke semua grup sebelum dihapus!!!`,
      }),
    );
    const { pendingIds } = await forClinic(h.db.db, tenant.id).insertItems(items);
    await enqueueClassify(h.queues, tenant.id, pendingIds);

    worker = startWorker(h);
    await waitFor(async () => (await counts(h, tenant.id)).scored >= CLASSIFY_BATCH, "first scores", 30_000);
    worker.kill("SIGKILL");
    await new Promise((r) => worker?.once("exit", r));
    const mid = await counts(h, tenant.id);
    expect(mid.scored).toBeGreaterThan(0);
    expect(mid.scored).toBeLessThan(N); // really killed mid-run

    worker = startWorker(h);
    await waitFor(async () => (await counts(h, tenant.id)).pending === 0, "all items scored", 60_000);
    const end = await counts(h, tenant.id);
    expect(end).toEqual({ scored: N, pending: 0, versions: 1 });

    // Every job ended completed (the first jobs, and any a sweep added for items that waited
    // long), and together they scored N items at most: none twice. The kill may land after a
    // batch committed and before its job was marked completed; that job's re-run finds its
    // items stored and scores 0, so one batch (concurrency 1) may be missing from the sum.
    const jobs = Math.ceil(N / CLASSIFY_BATCH);
    await waitFor(
      async () => {
        const c = await h.queues.classify.getJobCounts("completed", "active", "wait", "delayed");
        return (c.completed ?? 0) >= jobs && (c.active ?? 0) + (c.wait ?? 0) + (c.delayed ?? 0) === 0;
      },
      "jobs completed",
      20_000,
    );
    const jobCounts = await h.queues.classify.getJobCounts("completed", "failed", "active", "wait", "delayed");
    expect(jobCounts).toMatchObject({ failed: 0, active: 0, wait: 0, delayed: 0 });
    const completed = await h.queues.classify.getJobs(["completed"], 0, -1);
    const scoredByJobs = completed.reduce((n, j) => n + (j.returnvalue as { scored: number }).scored, 0);
    expect(scoredByJobs).toBeLessThanOrEqual(N);
    expect(scoredByJobs).toBeGreaterThanOrEqual(N - CLASSIFY_BATCH);
  }, 120_000);
});
