/**
 * The whole system on the embedded defaults from one command: Redis (started
 * locally if none answers), SQLite under ./data, the API with the demo clinic
 * and its bundled feeds in this process, the ingest worker and the classifier
 * each in a child process of its own (restarted if it dies).
 */
import { demoFeeds, startApi } from "@klinik/api";
import { ConfigError, createLogger, loadConfig, Shutdown } from "@klinik/config";
import { migrateToLatest, openDb, seedDemo } from "@klinik/db";
import { startChildWorker } from "./lib/child-worker.ts";
import { ensureRedis } from "./lib/redis.ts";

const env = process.env;
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(env);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
const logger = createLogger("klinik", config.LOG_LEVEL);
const shutdown = new Shutdown(logger);
shutdown.onSignals();

try {
  const redis = await ensureRedis(config.REDIS_URL, "./data");
  if (redis.started) logger.info({ url: config.REDIS_URL }, "started a local redis-server under ./data/redis");
  shutdown.add("local redis", redis.stop);

  const db = openDb(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
  shutdown.add("db", () => db.close());
  const applied = await migrateToLatest(db.db);
  if (applied.length) logger.info({ applied }, "database migrated");

  // The classifier runs as its own process (scoring gets a core of its own); it loads and
  // checks its model before anything is accepted, and a bad model stops the start here.
  const classifier = await startChildWorker("workers/classifier/src/main.ts", env, logger);
  shutdown.add("classifier process", () => classifier.stop());
  const api = await startApi(config, logger.child({ service: "api" }), shutdown, { db, serveDemoFeeds: true });
  const feeds = demoFeeds(api.url);
  const seeded = await seedDemo(db.db, {
    adminEmail: config.KLINIK_ADMIN_EMAIL,
    adminPassword: config.KLINIK_ADMIN_PASSWORD,
    feeds,
  });
  // The demo feeds come from this very server on a loopback address: exactly those URLs
  // may connect there, and every other private address stays refused (SSRF). Ingest runs
  // in a process of its own: parsing a 12 MiB feed blocks an event loop for a second or
  // more, which in the API's process pushed its p99 from ~10 ms to ~500 ms (`pnpm bench ingest-parse`).
  const ingest = await startChildWorker(
    "workers/ingest/src/main.ts",
    env,
    logger,
    feeds.map((f) => `--allow-private-url=${f.url}`),
  );
  shutdown.add("ingest process", () => ingest.stop());

  const login = seeded.generatedPassword
    ? `${seeded.adminEmail} / ${seeded.generatedPassword}   (generated now, shown once: note it down)`
    : seeded.createdAdmin
      ? `${seeded.adminEmail} / (KLINIK_ADMIN_PASSWORD)`
      : `${seeded.adminEmail} (password set on first start)`;
  console.log(
    [
      "",
      "Klinik Hoaks is running.",
      `  Review UI:  ${api.url}/   (Bahasa Indonesia; ?lang=en for English)`,
      `  API:        ${api.url}/api/v1   (OpenAPI: ${api.url}/openapi.json)`,
      `  Clinic:     demo   (public reports: POST ${api.url}/api/v1/public/demo/reports)`,
      `  Admin:      ${login}`,
      `  Database:   ${config.DATABASE_URL}`,
      `  Redis:      ${config.REDIS_URL}${redis.started ? " (started locally)" : ""}`,
      "Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );
} catch (err) {
  logger.error({ err }, "start failed");
  console.error(`\nStart failed: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown.run("start failed");
  process.exit(1);
}
