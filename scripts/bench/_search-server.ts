/**
 * Child process of the search bench: the API app (createApp, every middleware, real
 * Redis, the per-address rate limit at `rate limit` per minute: the bench is one
 * client) served over HTTP on an existing database, its search warmed before the port is printed. `memory`: public checks ranked from the
 * per-process published index (what `pnpm start` runs); `fts`: from the database's
 * full-text index per search (the path before it). Prints `PORT <n> ID <heap MB>`.
 *
 *   _search-server.ts <memory|fts> <DATABASE_URL> <queue prefix> <rate limit> [postgres schema]
 */
import { createApp, serveHttp } from "@klinik/api";
import { ClarificationMatcher } from "@klinik/claims";
import { createLogger, loadConfig } from "@klinik/config";
import { openDb } from "@klinik/db";
import { ClassifyBatcher, closeQueues, createQueues, createRedis } from "@klinik/queue";
import { ClarificationSearch } from "@klinik/search";

const [mode, url, prefix, rateLimit, schema] = process.argv.slice(2);
if (!url || !prefix || !rateLimit || (mode !== "memory" && mode !== "fts")) {
  throw new Error("usage: <memory|fts> <url> <prefix> <rate limit per minute> [schema]");
}
const config = loadConfig({
  DATABASE_URL: url,
  QUEUE_PREFIX: prefix,
  LOG_LEVEL: "silent",
  ACCESS_LOG_LEVEL: "silent",
  PUBLIC_RATE_LIMIT_PER_MIN: rateLimit,
});
const db = openDb(url, schema ? { schema } : {});
const redis = createRedis(config.REDIS_URL, "producer");
if (redis.status !== "ready") await new Promise((r) => redis.once("ready", r));
const queues = createQueues({ connection: redis, prefix });
const clarifications = new ClarificationMatcher(db.db);
const search = new ClarificationSearch(db.db, clarifications, mode === "memory");
await search.warm();
const app = createApp({
  db: db.db,
  dialect: db.dialect,
  redis,
  queues,
  classifyBatcher: new ClassifyBatcher(queues),
  config,
  logger: createLogger("bench", "silent"),
  clarifications,
  search,
});
const server = await serveHttp(app.fetch, { port: 0, hostname: "127.0.0.1" });
const address = server.address();
const port = typeof address === "object" && address ? address.port : 0;
console.log(`PORT ${port} ID ${Math.round(process.memoryUsage().heapUsed / 1e6)}`);
process.on("SIGTERM", () => {
  server.close();
  void closeQueues(queues)
    .then(() => redis.quit())
    .then(() => db.close())
    .finally(() => process.exit(0));
});
