import type { Config, Logger, Shutdown } from "@klinik/config";
import { type DbHandle, openProcessDb } from "@klinik/db";
import { fetchSource } from "@klinik/feeds";
import { createWorker, openQueues, opsCounters, startHeartbeat } from "@klinik/queue";
import { createIngestProcessor, type IngestDeps } from "./ingest.processor.ts";
import { syncSchedules } from "./scheduler.ts";

export interface IngestOptions {
  db?: DbHandle;
  syncEveryMs?: number;
  fetch?: IngestDeps["fetch"];
  /**
   * Exact feed URLs that may be fetched from a private or loopback address although
   * KLINIK_ALLOW_PRIVATE_FEEDS is off: the demo feeds `pnpm start` serves itself.
   */
  allowPrivateUrls?: readonly string[];
}

/** Starts the ingest worker and the loop that keeps one schedule per source. */
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
  const heartbeat = startHeartbeat(connection, config.QUEUE_PREFIX, { role: "ingest" });
  shutdown.add("ingest heartbeat", () => heartbeat.stop());

  const sync = () =>
    syncSchedules({ db: dbh.db, queues, logger }).catch((err: unknown) => logger.warn({ err }, "schedule sync failed"));
  await sync();
  const timer = setInterval(sync, opts.syncEveryMs ?? 30_000);
  timer.unref();
  shutdown.add("schedule sync", () => clearInterval(timer));
  return { worker, queues, sync };
}
