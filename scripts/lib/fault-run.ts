/**
 * The fault run behind `pnpm test:faults` (test/faults.test.ts) and `pnpm bench faults`:
 * a shared deployment on this machine — Postgres (a private one, or a schema of its own on
 * a given one), a private redis-server without persistence, one API process, two ingest
 * and two classifier processes — fed near-duplicate families of items (as ingest stores
 * them), loopback RSS feeds (families and syndicated copies, new entries at every wave)
 * and public reports (through the API) in waves, with a fault after each wave: SIGKILLs
 * of classifier and ingest processes (restarted at once, as systemd does), every Postgres
 * connection of the deployment terminated, Redis killed and restarted empty, and (on the
 * private Postgres) Postgres stopped in immediate mode and started again. Then it waits
 * for the feeds to be read and the queue to drain, and counts what a user would notice.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { openSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTenant, type DbHandle, forClinic, migrateToLatest, openDb } from "@klinik/db";
import { createTestDb } from "@klinik/db/testing";
import { closeQueues, createQueues, createRedis, enqueueClassify } from "@klinik/queue";
import { sql } from "kysely";
import { startFaultFeeds } from "./fault-feeds.ts";
import { type PrivatePostgres, startPrivatePostgres } from "./private-postgres.ts";
import { freePort, startPrivateRedis } from "./private-redis.ts";
import { familyText } from "./stories.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface FaultRunOptions {
  /**
   * Postgres to run on (a schema of its own is created and dropped). Without it, a private
   * Postgres is started (scripts/lib/private-postgres.ts) and also restarted as a fault.
   */
  postgresUrl?: string;
  /** Loopback RSS feeds (a multiple of `clinics`), read by the two ingest processes. */
  feeds?: number;
  /** Families per feed, each with `copies` entries. */
  familiesPerFeed?: number;
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
  /** Items stored directly, feed entries (syndicated copies once) and reports the API answered 202. */
  acknowledged: number;
  /** Of those, feed entries. */
  feedEntries: number;
  /** Entries the sources counted as not stored (with a reason the admin sees). */
  droppedOnSources: number;
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
  faults: {
    sigkills: number;
    ingestKills: number;
    postgresKills: number;
    postgresRestarts: number;
    redisRestarts: number;
  };
  /** What the API answered a public report sent while Postgres was down. */
  outageStatuses: number[];
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
  const pgPrivate: PrivatePostgres | undefined = o.postgresUrl ? undefined : await startPrivatePostgres();
  const pgUrl = o.postgresUrl ?? (pgPrivate as PrivatePostgres).url;
  // The run's own pool outlives the restart: a connection that dies idle is dropped, not fatal.
  const db: DbHandle & { schema?: string } = pgPrivate
    ? openDb(pgUrl, { poolSize: 4, onIdleError: () => {} })
    : await createTestDb("postgres");
  if (pgPrivate) await migrateToLatest(db.db);
  const redis = await startPrivateRedis(["--appendonly", "no", "--save", ""]);
  const appName = `klinik-faults-${randomBytes(4).toString("hex")}`;
  const sep = pgUrl.includes("?") ? "&" : "?";
  const searchPath = db.schema ? `options=${encodeURIComponent(`-c search_path=${db.schema}`)}&` : "";
  const childDbUrl = `${pgUrl}${sep}${searchPath}application_name=${appName}`;
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
    // The run's feeds are on 127.0.0.1.
    KLINIK_ALLOW_PRIVATE_FEEDS: "true",
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
    { name: "workers/ingest/src/main.ts" },
    { name: "workers/ingest/src/main.ts" },
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
  const clinics = o.clinics ?? 3;
  const terminateConnections = () =>
    sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${appName}`.execute(db.db);
  const postReport = (slug: string, text: string) =>
    fetch(`${base}/api/v1/public/${slug}/reports`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text }),
    }).then(
      (r) => r.status,
      () => 0,
    );
  const faults = { sigkills: 0, ingestKills: 0, postgresKills: 0, postgresRestarts: 0, redisRestarts: 0 };
  const injections: (() => Promise<void>)[] = [];
  const waves = 6 + (pgPrivate ? 1 : 0);
  const feeds = await startFaultFeeds({
    feeds: o.feeds ?? 2 * clinics,
    clinics,
    familiesPerFeed: o.familiesPerFeed ?? 10,
    copies,
    steps: waves,
  });
  try {
    const tenants: { id: string; slug: string }[] = [];
    for (let c = 0; c < clinics; c++) {
      const slug = `faults-${c}`;
      tenants.push({ id: (await createTenant(db.db, { slug, name: `Klinik uji ${c}` })).id, slug });
    }
    for (let n = 0; n < (o.feeds ?? 2 * clinics); n++) {
      const tenant = tenants[n % clinics] as { id: string };
      await forClinic(db.db, tenant.id).createSource({
        kind: "rss",
        name: `Berita ${n}`,
        url: feeds.url(n),
        scheduleSec: 5,
      });
    }
    feeds.reveal(1);
    // The API first, then the workers: five processes compiling at once on a loaded 2-core
    // machine kept the API from answering for more than 3 minutes.
    start(procs[0] as Proc);
    await until(healthy, 300_000, "the API to answer /health");
    for (const p of procs.slice(1)) start(p);

    const t0 = Date.now();
    const familyOf = new Map<string, number>();
    const feedTexts = feeds.texts();
    for (const e of feedTexts) familyOf.set(e.text, e.family);
    let acknowledged = feedTexts.length;
    /** Reports the API did not answer 202 (Redis or Postgres down): never acknowledged. */
    const refused = new Set<string>();
    const outageStatuses: number[] = [];
    const [c1, c2, i1, i2] = [procs[1], procs[2], procs[3], procs[4]] as Proc[];
    injections.push(
      async () => {
        await Promise.all([sigkill(c1 as Proc), sigkill(i1 as Proc)]);
        faults.sigkills += 2;
        faults.ingestKills++;
      },
      async () => {
        await terminateConnections();
        faults.postgresKills++;
      },
      async () => {
        await redis.restart(500);
        faults.redisRestarts++;
      },
      async () => {
        await Promise.all([sigkill(c1 as Proc), sigkill(c2 as Proc), sigkill(i2 as Proc)]);
        faults.sigkills += 3;
        faults.ingestKills++;
      },
      async () => {
        await terminateConnections();
        faults.postgresKills++;
        await Promise.all([sigkill(c2 as Proc), sigkill(i1 as Proc)]);
        faults.sigkills += 2;
        faults.ingestKills++;
      },
    );
    if (pgPrivate)
      injections.push(async () => {
        // As a crash would, in the middle of the work: every process sees its connections die.
        await pgPrivate.stop("immediate");
        const slug = (tenants[0] as { slug: string }).slug;
        outageStatuses.push(await postReport(slug, "Laporan warga saat basis data mati."));
        await new Promise((r) => setTimeout(r, 3_000));
        outageStatuses.push(await postReport(slug, "Laporan warga saat basis data mati lagi."));
        await pgPrivate.start();
        faults.postgresRestarts++;
      });
    const perWave = Math.ceil(o.families / waves);
    for (let w = 0; w < waves; w++) {
      feeds.reveal(w + 1);
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
            postReport(tenant.slug, text).then((status) => {
              if (status === 202) acknowledged++;
              else refused.add(text);
            }),
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
    // Every feed read to its end (fetched after its last entries appeared), every entry
    // stored, nothing pending.
    const feedItemsNow = async () =>
      Number(
        (await sql<{ n: number }>`select count(*) as n from items where source_id is not null`.execute(db.db)).rows[0]
          ?.n,
      );
    const drained = async () =>
      feeds.allServed() && (await feedItemsNow()) >= feedTexts.length && (await pendingNow()) === 0;
    await until(drained, o.drainTimeoutMs ?? 120_000, "the feeds to be read and the queue to drain").catch(
      async (err: Error) => {
        const jobs = await queues.classify.getJobCounts("wait", "active", "delayed", "failed", "completed");
        const marks = (await producer.keys(`${prefix}:swept:*`)).length;
        const stuck = (
          await sql<{
            id: string;
            created_at: string;
            source_id: string | null;
            report_id: string | null;
          }>`select id, created_at, source_id, report_id from items where status = 'pending' limit 3`.execute(db.db)
        ).rows;
        // Every job still in Redis that carried a stuck item, and what became of it.
        const all = await queues.classify.getJobs(["completed", "failed", "wait", "active", "delayed", "prioritized"]);
        for (const r of stuck) {
          const from = r.source_id ? "feed" : r.report_id ? "report" : "stored";
          log(
            `pending ${r.id} (${from}) created ${r.created_at} mark ttl ${await producer.pttl(`${prefix}:swept:${r.id}`)} ms`,
          );
          for (const j of all.filter((x) => x?.data?.itemIds?.includes(r.id)))
            log(
              `  job ${j.id} ${await j.getState()} attempts ${j.attemptsMade} added ${new Date(j.timestamp).toISOString()} ` +
                `finished ${j.finishedOn ? new Date(j.finishedOn).toISOString() : "-"} → ${JSON.stringify(j.returnvalue)} ${j.failedReason ?? ""}`,
            );
        }
        log(
          `${err.message}: ${await pendingNow()} pending, classify jobs ${JSON.stringify(jobs)}, ${marks} sweep marks, ` +
            `feeds served ${feeds.allServed()}, ${await feedItemsNow()} of ${feedTexts.length} feed entries stored`,
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
    const lost = lostTexts.filter((t) => !refused.has(t)).length;
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
    const droppedOnSources = Number(
      (await sql<{ n: number }>`select coalesce(sum(dropped_total), 0) as n from sources`.execute(db.db)).rows[0]?.n,
    );
    return {
      acknowledged,
      feedEntries: feedTexts.length,
      droppedOnSources,
      lost,
      duplicated,
      splitClaims: [...claimsOf.values()].filter((s) => s.size > 1).length,
      mergedClaims: [...familiesOf.values()].filter((s) => s.size > 1).length,
      pending: rows.filter((r) => r.status === "pending").length,
      crashed,
      faults,
      outageStatuses,
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
    await feeds.close();
    await redis.stop();
    await db.close();
    await pgPrivate?.destroy();
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
