import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Config, Logger, Shutdown } from "@klinik/config";
import { type DbHandle, openDb } from "@klinik/db";
import { ClassifyBatcher, closeQueues, createQueues, createRedis } from "@klinik/queue";
import { createApp } from "./app.ts";
import { DEMO_FEEDS_DIR } from "./demo.ts";

export interface ApiHandle {
  url: string;
  port: number;
}

/** Opens its own DB and Redis connections, listens, and registers everything with `shutdown`. */
export async function startApi(
  config: Config,
  logger: Logger,
  shutdown: Shutdown,
  opts: { db?: DbHandle; serveDemoFeeds?: boolean } = {},
): Promise<ApiHandle> {
  const dbh = opts.db ?? openDb(config.DATABASE_URL);
  if (!opts.db) shutdown.add("api db", () => dbh.close());
  const redis = createRedis(config.REDIS_URL, "producer");
  redis.on("error", (err) => logger.warn({ err: err.message }, "redis error"));
  shutdown.add("api redis", () => redis.quit().catch(() => redis.disconnect()));
  const queues = createQueues({ connection: redis, prefix: config.QUEUE_PREFIX });
  shutdown.add("api queues", () => closeQueues(queues));
  const classifyBatcher = new ClassifyBatcher(queues);
  shutdown.add("api batcher", () => classifyBatcher.flush());

  const app = createApp({
    db: dbh.db,
    dialect: dbh.dialect,
    redis,
    queues,
    classifyBatcher,
    config,
    logger,
    ...(opts.serveDemoFeeds ? { demoFeedsDir: DEMO_FEEDS_DIR } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
    s.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "EADDRINUSE"
          ? new Error(`Port ${config.PORT} on ${config.HOST} is already in use: stop the other process or set PORT`)
          : err,
      ),
    );
  });
  shutdown.add("http server", () => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST}:${port}`;
  logger.info({ url }, "api listening");
  return { url, port };
}
