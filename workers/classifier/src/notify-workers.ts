import type { Config, Logger, Shutdown } from "@klinik/config";
import type { Db } from "@klinik/db";
import { createDigestProcessor, createNotifyProcessor } from "@klinik/notify";
import { createWorker, type Queues, upsertSchedule } from "@klinik/queue";
import type { Redis } from "ioredis";

/**
 * Telegram messages and email digests run beside the classifier: little work,
 * mostly waiting on the network, and the classifier is where new claims start.
 */
export async function startNotifyWorkers(ctx: {
  config: Config;
  logger: Logger;
  shutdown: Shutdown;
  db: Db;
  connection: Redis;
  queues: Queues;
}): Promise<void> {
  const { config, logger, shutdown, db, connection, queues } = ctx;
  const base = { connection, prefix: config.QUEUE_PREFIX, logger };
  const notify = createWorker(
    "notify",
    createNotifyProcessor({
      db,
      telegramApiUrl: config.TELEGRAM_API_URL,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      logger,
    }),
    { ...base, concurrency: 4 },
  );
  shutdown.add("notify worker", () => notify.close());
  const digest = createWorker(
    "notify-digest",
    createDigestProcessor({
      db,
      queues,
      smtpUrl: config.SMTP_URL,
      smtpFrom: config.SMTP_FROM,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      logger,
    }),
    { ...base, concurrency: 2 },
  );
  shutdown.add("notify-digest worker", () => digest.close());
  if (config.NOTIFY_DIGEST_EVERY_MIN > 0) {
    await upsertSchedule(queues, "notify-digest", "notify-digest", config.NOTIFY_DIGEST_EVERY_MIN * 60_000, {});
  } else {
    await queues["notify-digest"].removeJobScheduler("notify-digest");
  }
}
