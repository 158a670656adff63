/**
 * `pnpm bench rescore [--items 1000] [--db sqlite,postgres]`: how long after a
 * clinic model becomes active its open items carry scores from it (the
 * contract: within a minute for 1,000 open items). Per database (Postgres
 * from TEST_POSTGRES_URL): a clinic's open items and 40 judged items stored
 * and scored by a running classifier (startClassifier, production settings
 * but for MODEL_RETRAIN_VERDICTS 0, so only this run trains); the verdicts
 * stored; the real train-model processor (training thread → registry →
 * promotion → rescore job); then the clock runs until every open item's
 * stored model version is the promoted one. Two activations per database: a
 * model from 40 verdicts replacing the base, then one from 20 more replacing it.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createLogger, loadConfig, Shutdown } from "@klinik/config";
import { createTenant, createUser, type Db, forClinic } from "@klinik/db";
import { createTestDb, testPostgresUrl } from "@klinik/db/testing";
import { closeQueues, createQueues, createRedis, enqueueClassify } from "@klinik/queue";
import { createTrainModelProcessor, startClassifier, trainOnThread } from "@klinik/worker-classifier";
import { clinicStream } from "./_clinic-stream.ts";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: { items: { type: "string", default: "1000" }, db: { type: "string" } },
});
const ITEMS = Number(values.items);
const dialects = (values.db ?? (testPostgresUrl() ? "sqlite,postgres" : "sqlite")).split(",") as (
  | "sqlite"
  | "postgres"
)[];

async function until<T>(fn: () => Promise<T | false>, what: string, ms = 900_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** How many of `ids` carry `version` (one query, so polling does not load the database it measures). */
async function carrying(db: Db, tenantId: string, ids: string[], version: string): Promise<number> {
  const row = await db
    .selectFrom("items")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("tenant_id", "=", tenantId)
    .where("id", "in", ids)
    .where("model_version", "=", version)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

interface Timing {
  dialect: string;
  run: number;
  verdicts: number;
  trainS: number;
  rescoreS: number;
}

async function measure(dialect: "sqlite" | "postgres"): Promise<Timing[]> {
  const tdb = await createTestDb(dialect);
  const config = loadConfig({
    DATABASE_URL: tdb.url,
    QUEUE_PREFIX: `bench-rescore-${process.pid}-${dialect}`,
    LOG_LEVEL: "silent",
    MODEL_RETRAIN_VERDICTS: "0",
  });
  const logger = createLogger("bench", "silent");
  const shutdown = new Shutdown(logger, 10_000);
  const redis = createRedis(config.REDIS_URL, "producer");
  const queues = createQueues({ connection: redis, prefix: config.QUEUE_PREFIX });
  const out: Timing[] = [];
  try {
    const baseVersion = (await startClassifier(config, logger, shutdown, { db: tdb })).scorer.version;
    const train = createTrainModelProcessor({
      db: tdb.db,
      queues,
      baseVersion,
      modelPath: config.KLINIK_MODEL_PATH,
      train: trainOnThread,
    });
    const tenant = await createTenant(tdb.db, { slug: "bench-rescore", name: "Klinik bench rescore" });
    const user = await createUser(tdb.db, {
      tenantId: tenant.id,
      email: "admin@bench-rescore.test",
      name: "admin",
      password: "kata-sandi-bench",
      role: "admin",
    });
    const c = forClinic(tdb.db, tenant.id);
    const stream = clinicStream(ITEMS + 60, 9_001);
    const { pendingIds } = await c.insertItems(
      stream.map((it, i) => ({
        sourceId: null,
        reportId: null,
        dedupKey: `r-${i}`,
        externalId: null,
        url: null,
        title: null,
        text: it.text,
        author: null,
        publishedAt: null,
      })),
    );
    await enqueueClassify(queues, tenant.id, pendingIds);
    await until(
      async () => (await carrying(tdb.db, tenant.id, pendingIds, baseVersion)) === pendingIds.length || false,
      "scored",
    );
    const byKey = new Map<string, string>();
    for (const id of pendingIds) {
      const r = await c.getItem(id);
      if (r) byKey.set(r.dedup_key, r.id);
    }
    const ids = stream.map((_, i) => byKey.get(`r-${i}`) ?? "");
    const open = ids.slice(60);
    // Two activations: 40 verdicts, then 20 more (a second promoted model; the first run's items stay judged).
    for (const [run, [from, to]] of [
      [0, 40],
      [40, 60],
    ].entries()) {
      for (let i = from as number; i < (to as number); i++)
        await c.recordVerdict({
          itemId: ids[i] ?? "",
          userId: user.id,
          verdict: stream[i]?.label === 1 ? "false" : "true",
          note: null,
        });
      const t0 = performance.now();
      const r = await train({ tenantId: tenant.id, trigger: "request" });
      const t1 = performance.now();
      if (r.outcome !== "promoted") throw new Error(`run ${run + 1} was ${r.outcome}; nothing to time`);
      await until(
        async () => (await carrying(tdb.db, tenant.id, open, r.version)) === open.length || false,
        "rescored",
      );
      out.push({
        dialect,
        run: run + 1,
        verdicts: r.verdicts,
        trainS: (t1 - t0) / 1000,
        rescoreS: (performance.now() - t1) / 1000,
      });
    }
  } finally {
    await shutdown.run("bench done");
    await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true }))).catch(() => {});
    await closeQueues(queues);
    await redis.quit();
    await tdb.close();
  }
  return out;
}

const rows: Timing[] = [];
for (const d of dialects) rows.push(...(await measure(d)));
console.log(
  `\n${ITEMS} open items of one clinic; the train-model processor promotes a model (training thread → registry → rescore job); ` +
    "seconds from its return (the model active) until every open item's stored model version is the new one",
);
console.log("| database | activation | verdicts | training run s | activation → all open items re-scored s |");
console.log("|:---------|-----------:|---------:|---------------:|----------------------------------------:|");
for (const r of rows)
  console.log(
    `| ${r.dialect.padEnd(8)} | ${String(r.run).padStart(10)} | ${String(r.verdicts).padStart(8)} | ${r.trainS.toFixed(2).padStart(14)} | ${r.rescoreS.toFixed(2).padStart(39)} |`,
  );
console.log(
  `\nload average at the end: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}`,
);
console.log("goal: within 60 s for 1,000 open items");
