/**
 * The API app as a bench runs it (not a benchmark itself: leading underscore): a
 * fresh SQLite file and real Redis under a prefix of its own; close() removes both.
 */
import { randomBytes } from "node:crypto";
import { createApp } from "@klinik/api";
import { createLogger, loadConfig } from "@klinik/config";
import { createTestDb } from "@klinik/db/testing";
import { ClassifyBatcher, closeQueues, createQueues, createRedis } from "@klinik/queue";

/** `env` adds to the config (e.g. TRUST_PROXY); BENCH_LOG=1 shows the app's errors. */
export async function benchApp(name: string, env: Record<string, string> = {}) {
  const db = await createTestDb("sqlite");
  const prefix = `bench-${name}-${randomBytes(4).toString("hex")}`;
  const config = loadConfig({ DATABASE_URL: db.url, QUEUE_PREFIX: prefix, LOG_LEVEL: "silent", ...env });
  const redis = createRedis(config.REDIS_URL, "producer");
  if (redis.status !== "ready") await new Promise((r) => redis.once("ready", r));
  const queues = createQueues({ connection: redis, prefix });
  const app = createApp({
    db: db.db,
    dialect: db.dialect,
    redis,
    queues,
    classifyBatcher: new ClassifyBatcher(queues),
    config,
    logger: createLogger("bench", process.env.BENCH_LOG === "1" ? "error" : "silent"),
  });
  return {
    db,
    app,
    redis,
    queues,
    prefix,
    async close() {
      await closeQueues(queues);
      for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<string[]>) {
        if (keys.length > 0) await redis.unlink(...keys);
      }
      await redis.quit().catch(() => redis.disconnect());
      await db.close();
    },
  };
}
