import type { Config, Logger, Shutdown } from "@klinik/config";
import { type DbHandle, openProcessDb } from "@klinik/db";
import { fetchSource } from "@klinik/feeds";
import { createWorker, openQueues, opsCounters, startHeartbeat } from "@klinik/queue";
import { createDeliverWebhookProcessor } from "./deliver-webhook.processor.ts";
import { createIngestProcessor, type IngestDeps } from "./ingest.processor.ts";
import { enqueueDueSources, ensureTick, TICK_MS } from "./scheduler.ts";
import { requeueStrandedDeliveries } from "./webhook-sweep.ts";

export interface IngestOptions {
  db?: DbHandle;
  /** How often this process re-creates the tick's job scheduler (lost with a Redis without persistence). */
  syncEveryMs?: number;
  /** How often due sources are enqueued (the tick's schedule). */
  tickEveryMs?: number;
  fetch?: IngestDeps["fetch"];
  /**
   * Exact feed URLs that may be fetched from a private or loopback address although
   * KLINIK_ALLOW_PRIVATE_FEEDS is off: the demo feeds `pnpm start` serves itself.
   */
  allowPrivateUrls?: readonly string[];
}

/**
 * A pending delivery untouched for this long has lost its job: longer than a job waits
 * behind a busy queue, shorter than anyone waiting on a partner would accept.
 */
const DELIVERY_STRANDED_MS = 5 * 60_000;

/** Starts the ingest worker and the tick that enqueues due sources. */
export async function startIngest(config: Config, logger: Logger, shutdown: Shutdown, opts: IngestOptions = {}) {
  const dbh =
    opts.db ?? (await openProcessDb(config.DATABASE_URL, shutdown, "ingest", logger, config.DATABASE_POOL_SIZE));
  const { connection, queues } = openQueues({
    url: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    role: "worker",
    name: "ingest",
    logger,
    shutdown,
    shared: config.DATABASE_URL.startsWith("postgres"),
  });

  const processor = createIngestProcessor({
    db: dbh.db,
    queues,
    logger,
    fetch: opts.fetch ?? fetchSource,
    fetchOptions: { allowPrivate: config.KLINIK_ALLOW_PRIVATE_FEEDS, allowPrivateUrls: opts.allowPrivateUrls ?? [] },
    counters: opsCounters(connection, config.QUEUE_PREFIX),
  });
  const worker = createWorker("ingest", processor, {
    connection,
    prefix: config.QUEUE_PREFIX,
    logger,
    options: { lockDuration: config.WORKER_LOCK_MS, stalledInterval: config.WORKER_LOCK_MS },
    concurrency: config.INGEST_CONCURRENCY,
  });
  shutdown.add("ingest worker", () => worker.close());

  // Partner webhooks are posted here, beside the feeds: both wait on other people's
  // servers under the same address rules, while the classifier's threads stay on CPU work.
  // Its own concurrency, so a slow receiver holds one slot and never a feed fetch.
  const deliver = createWorker(
    "deliver-webhook",
    createDeliverWebhookProcessor({
      db: dbh.db,
      logger,
      postOptions: {
        allowPrivate: false,
        allowPrivateUrls: config.WEBHOOK_ALLOW_URLS ?? [],
        timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      },
      disableAfter: config.WEBHOOK_DISABLE_AFTER,
      publicBaseUrl: config.PUBLIC_BASE_URL,
    }),
    { connection, prefix: config.QUEUE_PREFIX, logger, concurrency: config.WEBHOOK_CONCURRENCY },
  );
  shutdown.add("webhook delivery worker", () => deliver.close());
  const heartbeat = startHeartbeat(connection, config.QUEUE_PREFIX, { role: "ingest" });
  shutdown.add("ingest heartbeat", () => heartbeat.stop());

  // One tick job scheduler for the whole instance enqueues due sources from the database;
  // whichever process takes a tick's job runs it.
  // The same tick re-enqueues partner webhook deliveries whose job was lost, once a minute.
  const sweep = { db: dbh.db, queues, redis: connection, prefix: config.QUEUE_PREFIX, logger };
  const onTick = async () => {
    const due = await enqueueDueSources({ db: dbh.db, queues });
    await requeueStrandedDeliveries(sweep, { olderThanMs: DELIVERY_STRANDED_MS, everyMs: 60_000 });
    return due;
  };
  const tickWorker = createWorker("ingest-tick", onTick, {
    connection,
    prefix: config.QUEUE_PREFIX,
    logger,
    concurrency: 1,
  });
  shutdown.add("ingest tick worker", () => tickWorker.close());
  const tick = { queues, logger, everyMs: opts.tickEveryMs ?? TICK_MS };
  await ensureTick(tick, { removeLegacy: true });
  /** Enqueues every due source now, without waiting for the next tick. */
  const sync = () =>
    enqueueDueSources({ db: dbh.db, queues }).catch((err: unknown) => {
      logger.warn({ err }, "enqueueing due sources failed");
      return 0;
    });
  await sync();
  const timer = setInterval(
    () => ensureTick(tick).catch((err: unknown) => logger.warn({ err }, "ingest tick schedule failed")),
    opts.syncEveryMs ?? 30_000,
  );
  timer.unref();
  shutdown.add("ingest tick schedule", () => clearInterval(timer));
  return { worker, queues, sync };
}
