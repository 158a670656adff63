/**
 * `pnpm bench learning --path=product` (not a benchmark itself: leading underscore):
 * the clinic stream through the product's real learning path on SQLite + Redis.
 * Per N, a fresh clinic: the stream's items stored and scored by a running
 * classifier (startClassifier), verdicts on the first N stored through the
 * repositories, the real training processor (createTrainModelProcessor on its
 * training thread) records the run in the registry, the worker's rescore jobs
 * re-score the open items, and the stored scores of the rest are measured.
 * Then the worker's memory with 50 clinic models in its model cache (ClinicScorers).
 */
import { createLogger, loadConfig, Shutdown } from "@klinik/config";
import { clinicModels, createTenant, createUser, forClinic } from "@klinik/db";
import { createTestDb } from "@klinik/db/testing";
import { closeQueues, createQueues, createRedis, enqueueClassify } from "@klinik/queue";
import {
  adaptModel,
  ClinicScorers,
  ece,
  encodeClinicModel,
  loadModel,
  precisionAtTop,
  rocAuc,
  trainingDocsFromVerdicts,
} from "@klinik/scorer";
import { createTrainModelProcessor, startClassifier, trainOnThread } from "@klinik/worker-classifier";
import { clinicStream } from "./_clinic-stream.ts";
import { spread } from "./_util.ts";

async function waitFor<T>(fn: () => Promise<T | false | undefined>, what: string, ms = 300_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Cell {
  p10: number[];
  auc: number[];
  ece: number[];
  aP10: number[];
  aAuc: number[];
  secs: number[];
  bytes: number[];
  outcomes: string[];
}
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
const f = (x: number, d = 3) => (Number.isNaN(x) ? "-" : x.toFixed(d));

export async function productPath(opts: {
  ns: number[];
  stream: number;
  seeds: number;
  seedBase: number;
}): Promise<void> {
  // Measured first, before the database, Redis and the classifier's threads load (see memory()).
  const base = loadModel(process.env.KLINIK_MODEL_PATH || undefined);
  memory(base, opts.seedBase);
  const db = await createTestDb("sqlite");
  const config = loadConfig({
    DATABASE_URL: db.url,
    QUEUE_PREFIX: `bench-learning-${process.pid}`,
    LOG_LEVEL: "silent",
    MODEL_CHECK_MS: "100",
    MODEL_RETRAIN_VERDICTS: "0",
  });
  const logger = createLogger("bench", "silent");
  const shutdown = new Shutdown(logger, 10_000);
  const redis = createRedis(config.REDIS_URL, "producer");
  const queues = createQueues({ connection: redis, prefix: config.QUEUE_PREFIX });
  const baseVersion = (await startClassifier(config, logger, shutdown, { db })).scorer.version;
  const train = createTrainModelProcessor({
    db: db.db,
    queues,
    baseVersion,
    modelPath: config.KLINIK_MODEL_PATH,
    train: trainOnThread,
  });
  const cells = new Map<number, Cell>(
    opts.ns.map((n) => [n, { p10: [], auc: [], ece: [], aP10: [], aAuc: [], secs: [], bytes: [], outcomes: [] }]),
  );
  try {
    for (let s = 0; s < opts.seeds; s++) {
      const stream = clinicStream(opts.stream, opts.seedBase + s);
      for (const n of opts.ns) {
        const cell = cells.get(n) as Cell;
        const tenant = await createTenant(db.db, { slug: `bench-${s}-${n}`, name: `Klinik bench ${s}-${n}` });
        const user = await createUser(db.db, {
          tenantId: tenant.id,
          email: `admin@bench-${s}-${n}.test`,
          name: "admin",
          password: "kata-sandi-bench",
          role: "admin",
        });
        const c = forClinic(db.db, tenant.id);
        const { pendingIds } = await c.insertItems(
          stream.map((it, i) => ({
            sourceId: null,
            reportId: null,
            dedupKey: `s-${i}`,
            externalId: null,
            url: null,
            title: null,
            text: it.text,
            author: null,
            publishedAt: null,
          })),
        );
        await enqueueClassify(queues, tenant.id, pendingIds);
        const byKey = new Map<string, string>();
        await waitFor(async () => {
          const rows = await Promise.all(pendingIds.map((id) => c.getItem(id)));
          if (!rows.every((r) => r && r.status !== "pending")) return false;
          for (const r of rows) if (r) byKey.set(r.dedup_key, r.id);
          return true;
        }, `stream ${s} scored for N=${n}`);
        // In stream order (the insert answers ids in no promised order).
        const ids = stream.map((_, i) => byKey.get(`s-${i}`) ?? "");
        for (let i = 0; i < n; i++)
          await c.recordVerdict({
            itemId: ids[i] ?? "",
            userId: user.id,
            verdict: stream[i]?.label === 1 ? "false" : "true",
            note: null,
          });
        const out = await train({ tenantId: tenant.id, trigger: "request" });
        cell.outcomes.push(out.outcome);
        if (out.outcome !== "skipped") {
          cell.secs.push(out.ms / 1000);
          cell.bytes.push((await clinicModels(db.db, tenant.id).listModelRuns())[0]?.artefact_bytes ?? 0);
        }
        const rest = stream.slice(n).map((it, i) => ({ it, id: ids[n + i] ?? "" }));
        const want = out.outcome === "promoted" ? out.version : baseVersion;
        const rows = await waitFor(async () => {
          const rs = await Promise.all(rest.map((x) => c.getItem(x.id)));
          return rs.every((r) => r?.model_version === want) && rs;
        }, `stream ${s} re-scored for N=${n}`);
        const y = rest.map((x) => x.it.label);
        const p = rows.map((r) => r?.score ?? 0);
        cell.p10.push(precisionAtTop(p, y, 0.1));
        cell.auc.push(rocAuc(p, y));
        cell.ece.push(ece(p, y));
        // Beside it, the old bench's path on the same items: adaptModel in this process, no database.
        const adapted = createScorerFor(base, stream.slice(0, n));
        const q = rest.map((x) => adapted.score({ text: x.it.text }).score);
        cell.aP10.push(precisionAtTop(q, y, 0.1));
        cell.aAuc.push(rocAuc(q, y));
      }
    }
  } finally {
    await shutdown.run("bench done");
    await Promise.all(Object.values(queues).map((qq) => qq.obliterate({ force: true }))).catch(() => {});
    await closeQueues(queues);
    await redis.quit();
    await db.close();
  }
  console.log(
    `\nProduct path on SQLite: ${opts.seeds} streams of ${opts.stream} items (seeds from ${opts.seedBase}), a fresh clinic per stream and N; ` +
      "stored and scored by a running classifier, verdicts on the first N stored, train-model processor → registry → rescore jobs; " +
      "measured on the stored scores of the rest (mean over streams)",
  );
  console.log(
    "| N verdicts | prec@10% | median (worst–best)   | AUC   | ECE   | promoted / refused / skipped | train s (max) | artefact bytes (max) | adaptModel prec@10% | AUC   |",
  );
  console.log(
    "|-----------:|---------:|:----------------------|------:|------:|:-----------------------------|--------------:|---------------------:|--------------------:|------:|",
  );
  for (const [n, c] of cells) {
    const count = (o: string) => c.outcomes.filter((x) => x === o).length;
    const secs = c.secs.length ? `${f(mean(c.secs), 2)} (${f(Math.max(...c.secs), 2)})` : "-";
    const bytes = c.bytes.length ? `${Math.round(mean(c.bytes))} (${Math.max(...c.bytes)})` : "-";
    console.log(
      `| ${String(n).padStart(10)} | ${f(mean(c.p10)).padStart(8)} | ${spread(c.p10).padEnd(21)} | ${f(mean(c.auc))} | ${f(mean(c.ece))} | ${`${count("promoted")} / ${count("refused")} / ${count("skipped")}`.padEnd(28)} | ${secs.padStart(13)} | ${bytes.padStart(20)} | ${f(mean(c.aP10)).padStart(19)} | ${f(mean(c.aAuc))} |`,
    );
  }
}

function createScorerFor(base: ReturnType<typeof loadModel>, judged: ReturnType<typeof clinicStream>) {
  const verdicts = judged.map((it) => ({ text: it.text, verdict: it.label === 1 ? "false" : "true" }));
  return new ClinicScorers(base, 1).load(encodeClinicModel(base, adaptModel(base, trainingDocsFromVerdicts(verdicts))));
}

/** 50 clinic models (each adapted on 50 verdicts of its own stream) loaded into one worker's model cache. */
function memory(base: ReturnType<typeof loadModel>, seed: number): void {
  const artefacts = Array.from({ length: 50 }, (_, i) => {
    const s = clinicStream(50, seed + 1000 + i);
    const verdicts = s.map((it) => ({ text: it.text, verdict: it.label === 1 ? "false" : "true" }));
    return encodeClinicModel(base, adaptModel(base, trainingDocsFromVerdicts(verdicts)));
  });
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const cache = new ClinicScorers(base, 64);
  for (const a of artefacts) cache.load(a);
  globalThis.gc?.();
  const after = process.memoryUsage().rss;
  const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
  const avg = artefacts.reduce((a, b) => a + b.byteLength, 0) / artefacts.length;
  console.log(
    `Worker memory: ${cache.size} clinic models loaded into one ClinicScorers (the classifier's LRU model cache, MODEL_CACHE_SIZE), ` +
      `artefacts ${Math.round(avg)} bytes on average: RSS ${mb(before)} MB before (base model loaded), ${mb(after)} MB after ` +
      `(+${mb(after - before)} MB, ${((after - before) / 1024 / 1024 / cache.size).toFixed(1)} MB a model)${globalThis.gc ? "" : "; run with NODE_OPTIONS=--expose-gc for a collected heap"}`,
  );
}
