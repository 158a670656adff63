/**
 * The fault run behind `pnpm test:faults` (test/faults.test.ts) and `pnpm bench faults`:
 * a shared deployment on this machine — Postgres (a schema of its own), a private
 * redis-server without persistence, one API process and two classifier processes — fed
 * near-duplicate families of items (as ingest stores them) and public reports (through
 * the API) in waves, with a fault after each wave: SIGKILLs of classifier processes
 * (restarted at once, as systemd does), every Postgres connection of the deployment
 * terminated, Redis killed and restarted empty. Then it waits for the queue to drain and
 * counts what a user would notice.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { openSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTenant, forClinic } from "@klinik/db";
import { createTestDb } from "@klinik/db/testing";
import { closeQueues, createQueues, createRedis, enqueueClassify } from "@klinik/queue";
import { sql } from "kysely";
import { freePort, startPrivateRedis } from "./private-redis.ts";
import { familyText } from "./stories.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface FaultRunOptions {
  /** Postgres to run on (a schema of its own is created and dropped). */
  postgresUrl: string;
  /** Near-duplicate families; each has `copies` items. */
  families: number;
  copies?: number;
  clinics?: number;
  /** Every this-many-th family gets one more copy as a public report through the API. */
  reportEvery?: number;
  log?: (line: string) => void;
  /** Longest wait for the queue to drain after the last fault. */
  drainTimeoutMs?: number;
  /** Appends each process's output (LOG_LEVEL warn) to a file here. */
  logDir?: string;
}

export interface FaultCounts {
  /** Items stored directly plus reports the API answered 202. */
  acknowledged: number;
  /** Acknowledged but not in the database at the end. */
  lost: number;
  /** Texts stored more than once. */
  duplicated: number;
  /** Families whose items ended in more than one claim. */
  splitClaims: number;
  /** Different families folded into one claim. */
  mergedClaims: number;
  /** Items still pending at the end. */
  pending: number;
  /** Processes that exited without being killed by the run. */
  crashed: number;
  /** Faults injected. */
  faults: { sigkills: number; postgresKills: number; redisRestarts: number };
  /** The API answered /health and every classifier process was still running at the end. */
  allUp: boolean;
  /** From the first wave to the drained queue. */
  seconds: number;
}

interface Proc {
  name: string;
  child?: ChildProcess;
  killing?: boolean;
}

export async function runFaults(o: FaultRunOptions): Promise<FaultCounts> {
  const log = o.log ?? (() => {});
  const copies = o.copies ?? 3;
  const reportEvery = o.reportEvery ?? 5;
  const db = await createTestDb("postgres");
  const redis = await startPrivateRedis(["--appendonly", "no", "--save", ""]);
  const appName = `klinik-faults-${randomBytes(4).toString("hex")}`;
  const sep = o.postgresUrl.includes("?") ? "&" : "?";
  const childDbUrl = `${o.postgresUrl}${sep}options=${encodeURIComponent(`-c search_path=${db.schema}`)}&application_name=${appName}`;
  const port = await freePort();
  const prefix = "faults";
  const env = {
    PATH: process.env.PATH ?? "",
    DATABASE_URL: childDbUrl,
    DATABASE_POOL_SIZE: "4",
    REDIS_URL: redis.url,
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: o.logDir ? "info" : "error",
    ACCESS_LOG_LEVEL: "silent",
    PUBLIC_RATE_LIMIT_PER_MIN: "0",
    CLASSIFY_CONCURRENCY: "4",
    WORKER_LOCK_MS: "3000",
    SWEEP_AFTER_MS: "4000",
    SWEEP_EVERY_MS: "1000",
  };
  let crashed = 0;
  const procs: Proc[] = [
    { name: "services/api/src/main.ts" },
    { name: "workers/classifier/src/main.ts" },
    { name: "workers/classifier/src/main.ts" },
  ];
  let started = 0;
  const start = (p: Proc) => {
    const out = o.logDir ? openSync(join(o.logDir, `${started++}-${p.name.split("/")[1]}.log`), "a") : "ignore";
    const child = spawn(process.execPath, ["--import", "tsx", p.name], { cwd: ROOT, env, stdio: ["ignore", out, out] });
    p.child = child;
    p.killing = false;
    child.once("exit", (code, signal) => {
      if (p.child !== child || p.killing) return;
      crashed++;
      log(`${p.name} exited on its own (code ${code}, signal ${signal}); restarting it`);
      start(p);
    });
  };
  const sigkill = async (p: Proc) => {
    const c = p.child;
    if (!c || c.exitCode !== null) return;
    p.killing = true;
    await new Promise((r) => {
      c.once("exit", r);
      c.kill("SIGKILL");
    });
    start(p);
  };
  const producer = createRedis(redis.url, "worker");
  producer.on("error", () => {});
  const queues = createQueues({ connection: producer, prefix });
  for (const q of Object.values(queues)) q.on("error", () => {});
  const base = `http://127.0.0.1:${port}`;
  const healthy = async () => {
    try {
      return (await fetch(`${base}/health`)).status === 200;
    } catch {
      return false;
    }
  };
  try {
    const tenants: { id: string; slug: string }[] = [];
    for (let c = 0; c < (o.clinics ?? 3); c++) {
      const slug = `faults-${c}`;
      tenants.push({ id: (await createTenant(db.db, { slug, name: `Klinik uji ${c}` })).id, slug });
    }
    for (const p of procs) start(p);
    await until(healthy, 60_000, "the API to answer /health");

    const t0 = Date.now();
    const familyOf = new Map<string, number>();
    let acknowledged = 0;
    const faults = { sigkills: 0, postgresKills: 0, redisRestarts: 0 };
    const api = procs[0] as Proc;
    const [c1, c2] = [procs[1] as Proc, procs[2] as Proc];
    const injections: (() => Promise<void>)[] = [
      async () => {
        await sigkill(c1);
        faults.sigkills++;
      },
      async () => {
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${appName}`.execute(
          db.db,
        );
        faults.postgresKills++;
      },
      async () => {
        await redis.restart(500);
        faults.redisRestarts++;
      },
      async () => {
        await Promise.all([sigkill(c1), sigkill(c2)]);
        faults.sigkills += 2;
      },
      async () => {
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${appName}`.execute(
          db.db,
        );
        faults.postgresKills++;
        await sigkill(c2);
        faults.sigkills++;
      },
    ];
    const waves = injections.length + 1;
    const perWave = Math.ceil(o.families / waves);
    for (let w = 0; w < waves; w++) {
      const families = range(w * perWave, Math.min(o.families, (w + 1) * perWave));
      const reports: Promise<void>[] = [];
      for (const [ti, tenant] of tenants.entries()) {
        const own = families.filter((f) => f % tenants.length === ti);
        const items = own.flatMap((f) =>
          range(0, copies).map((k) => {
            const text = familyText(f, k);
            familyOf.set(text, f);
            return {
              sourceId: null,
              reportId: null,
              dedupKey: `fault:${f}:${k}`,
              externalId: null,
              url: null,
              title: null,
              text,
              author: null,
              publishedAt: null,
            };
          }),
        );
        const { pendingIds } = await forClinic(db.db, tenant.id).insertItems(items);
        acknowledged += items.length;
        await enqueueClassify(queues, tenant.id, pendingIds);
        for (const f of own.filter((x) => x % reportEvery === 0)) {
          const text = familyText(f, copies);
          familyOf.set(text, f);
          reports.push(
            fetch(`${base}/api/v1/public/${tenant.slug}/reports`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ text }),
            }).then(
              (r) => {
                if (r.status === 202) acknowledged++;
              },
              () => {},
            ),
          );
        }
      }
      await Promise.all(reports);
      const inject = injections[w];
      if (inject) {
        await new Promise((r) => setTimeout(r, 700));
        await inject();
        log(`wave ${w + 1}/${waves} in, fault ${w + 1} injected (${Math.round((Date.now() - t0) / 1000)} s)`);
      }
    }
    const pendingNow = async () =>
      Number(
        (await sql<{ n: number }>`select count(*) as n from items where status = 'pending'`.execute(db.db)).rows[0]?.n,
      );
    await until(async () => (await pendingNow()) === 0, o.drainTimeoutMs ?? 120_000, "the queue to drain").catch(
      async (err: Error) => {
        const jobs = await queues.classify.getJobCounts("wait", "active", "delayed", "failed", "completed");
        const marks = (await producer.keys(`${prefix}:swept:*`)).length;
        const stuck = (
          await sql<{
            id: string;
            created_at: string;
          }>`select id, created_at from items where status = 'pending' limit 3`.execute(db.db)
        ).rows;
        for (const r of stuck)
          log(`pending ${r.id} created ${r.created_at} marked ${await producer.exists(`${prefix}:swept:${r.id}`)}`);
        log(
          `${err.message}: ${await pendingNow()} pending, classify jobs ${JSON.stringify(jobs)}, ${marks} sweep marks`,
        );
      },
    );
    const seconds = (Date.now() - t0) / 1000;

    const rows = (
      await sql<{ text: string; status: string; cluster_id: string | null }>`
        select text, status, cluster_id from items`.execute(db.db)
    ).rows;
    const seen = new Map<string, number>();
    for (const r of rows) seen.set(r.text, (seen.get(r.text) ?? 0) + 1);
    const lostTexts = [...familyOf.keys()].filter((t) => !seen.has(t));
    // Reports the API refused while Redis or Postgres was down were never acknowledged.
    const lost = lostTexts.filter((t) => !t.includes("Laporan warga")).length;
    const duplicated = [...seen.values()].filter((n) => n > 1).length;
    const claimsOf = new Map<number, Set<string>>();
    const familiesOf = new Map<string, Set<number>>();
    for (const r of rows) {
      const f = familyOf.get(r.text);
      if (f === undefined || !r.cluster_id) continue;
      claimsOf.set(f, (claimsOf.get(f) ?? new Set()).add(r.cluster_id));
      familiesOf.set(r.cluster_id, (familiesOf.get(r.cluster_id) ?? new Set()).add(f));
    }
    const allUp =
      (await until(healthy, 15_000, "the API").then(
        () => true,
        () => false,
      )) && procs.every((p) => p.child?.exitCode === null && p.child?.signalCode === null);
    void api;
    return {
      acknowledged,
      lost,
      duplicated,
      splitClaims: [...claimsOf.values()].filter((s) => s.size > 1).length,
      mergedClaims: [...familiesOf.values()].filter((s) => s.size > 1).length,
      pending: rows.filter((r) => r.status === "pending").length,
      crashed,
      faults,
      allUp,
      seconds,
    };
  } finally {
    for (const p of procs) p.killing = true;
    await Promise.all(
      procs.map(
        (p) =>
          new Promise((r) => {
            const c = p.child;
            if (!c || c.exitCode !== null || c.signalCode !== null) return r(undefined);
            c.once("exit", r);
            c.kill("SIGTERM");
            setTimeout(() => c.kill("SIGKILL"), 10_000).unref();
          }),
      ),
    );
    await closeQueues(queues).catch(() => {});
    producer.disconnect();
    await redis.stop();
    await db.close();
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

async function until(fn: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
