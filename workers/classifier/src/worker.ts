import { ClarificationMatcher, TenantClusterer } from "@klinik/claims";
import type { Config, Logger, Shutdown } from "@klinik/config";
import type { Scorer } from "@klinik/core";
import { type DbHandle, openProcessDb } from "@klinik/db";
import { announceNewClaims } from "@klinik/notify";
import { createWorker, openQueues, opsCounters, redisKeyedLock, startHeartbeat } from "@klinik/queue";
import { ClinicScorers, createScorer, loadModel } from "@klinik/scorer";
import { ActiveModels } from "./active-models.ts";
import { createClassifyProcessor } from "./classify.processor.ts";
import { createMatchClarificationProcessor } from "./match-clarification.processor.ts";
import { startModelWorkers } from "./model-workers.ts";
import { startNotifyWorkers } from "./notify-workers.ts";
import { inlineRunner, startScorePool } from "./score-pool.ts";
import { releaseSwept, sweepPending } from "./sweeper.ts";

export interface ClassifierOptions {
  db?: DbHandle;
  scorer?: Scorer;
  sweepEveryMs?: number;
  sweepOlderThanMs?: number;
  /** Training tick interval (tests). */
  modelTickMs?: number;
}

/**
 * Starts the classifier: loads the model first (a missing or corrupt model
 * fails here, not on the first job), then consumes the classify queue.
 */
export async function startClassifier(
  config: Config,
  logger: Logger,
  shutdown: Shutdown,
  opts: ClassifierOptions = {},
) {
  const baseModel = opts.scorer ? null : loadModel(config.KLINIK_MODEL_PATH);
  const scorer = opts.scorer ?? createScorer(baseModel as NonNullable<typeof baseModel>);
  const threads = opts.scorer ? 0 : config.CLASSIFY_THREADS;
  const runner =
    threads > 0
      ? await startScorePool(threads, config.KLINIK_MODEL_PATH, config.MODEL_CACHE_SIZE)
      : inlineRunner(baseModel ? new ClinicScorers(baseModel, config.MODEL_CACHE_SIZE, scorer) : scorer);
  shutdown.add("scoring threads", () => runner.close());
  logger.info({ model: scorer.version, threads }, "scorer loaded");
  const dbh =
    opts.db ?? (await openProcessDb(config.DATABASE_URL, shutdown, "classifier", logger, config.DATABASE_POOL_SIZE));
  const { connection, queues } = openQueues({
    url: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    role: "worker",
    name: "classifier",
    logger,
    shutdown,
    shared: config.DATABASE_URL.startsWith("postgres"),
  });

  // One clusterer for both workers: the same per-clinic indexes serve scoring and matching.
  // Across classifier processes too: one clinic's claims are decided by one process at a time.
  const clusterer = new TenantClusterer(
    dbh.db,
    redisKeyedLock(connection, config.QUEUE_PREFIX, {
      onLost: (key, err) => logger.warn({ key, err: err.message }, "claim lock lost"),
    }),
    { maxBytes: config.CLAIM_INDEX_MB * 1024 * 1024 },
  );
  // The hot switch: each clinic's active model, read from the registry at most every MODEL_CHECK_MS.
  const models = new ActiveModels(dbh.db, scorer.version, config.MODEL_CHECK_MS);
  const worker = createWorker(
    "classify",
    createClassifyProcessor({
      db: dbh.db,
      runner,
      modelVersion: scorer.version,
      models,
      clusterer,
      clarifications: new ClarificationMatcher(dbh.db),
      counters: opsCounters(connection, config.QUEUE_PREFIX),
      // A notification lost to a Redis hiccup is not worth failing (and re-running) the batch.
      onNewClaims: (tenantId, claims) =>
        announceNewClaims({ redis: connection, queues, prefix: config.QUEUE_PREFIX }, tenantId, claims).catch(
          (err: unknown) => logger.warn({ err, tenantId }, "new claims not announced"),
        ),
    }),
    {
      connection,
      prefix: config.QUEUE_PREFIX,
      logger,
      // Scoring is idempotent: a job whose process was killed twice is run again, not failed.
      options: { lockDuration: config.WORKER_LOCK_MS, stalledInterval: config.WORKER_LOCK_MS, maxStalledCount: 5 },
      concurrency: config.CLASSIFY_CONCURRENCY,
    },
  );
  shutdown.add("classify worker", () => worker.close());
  worker.on("failed", (job, err) => {
    const final = job && (job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled/i.test(err.message));
    const ids: unknown = job?.data?.itemIds;
    if (final && Array.isArray(ids)) void releaseSwept(connection, config.QUEUE_PREFIX, ids).catch(() => {});
  });
  const heartbeat = startHeartbeat(connection, config.QUEUE_PREFIX, { role: "classifier", model: scorer.version });
  shutdown.add("classifier heartbeat", () => heartbeat.stop());
  const matcher = createWorker("match-clarification", createMatchClarificationProcessor({ db: dbh.db, clusterer }), {
    connection,
    prefix: config.QUEUE_PREFIX,
    logger,
    concurrency: 1,
  });
  shutdown.add("match-clarification worker", () => matcher.close());

  await startModelWorkers({
    config,
    logger,
    shutdown,
    db: dbh.db,
    queues,
    connection,
    runner,
    models,
    ...(opts.modelTickMs ? { tickEveryMs: opts.modelTickMs } : {}),
  });
  await startNotifyWorkers({ config, logger, shutdown, db: dbh.db, connection, queues });

  const everyMs = opts.sweepEveryMs ?? config.SWEEP_EVERY_MS;
  const sweepOpts = { olderThanMs: opts.sweepOlderThanMs ?? config.SWEEP_AFTER_MS, everyMs };
  // One sweep at a time in this process: a sweep that outlasts its lease (a slow enqueue of
  // thousands of items) would otherwise overlap the next tick's, which reads the marks before
  // the first has set them and delivers the same items again (seen in the fault run).
  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      await sweepPending({ db: dbh.db, queues, logger, redis: connection, prefix: config.QUEUE_PREFIX }, sweepOpts);
    } catch (err) {
      logger.warn({ err }, "sweep failed");
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  shutdown.add("sweeper", () => clearInterval(timer));
  void sweep();
  return { worker, scorer, models };
}
