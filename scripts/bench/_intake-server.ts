/**
 * Child process of the intake bench: serves either the real API (`api`) on a
 * fresh SQLite file or a bare Hono handler (`bare`, `bare-json`), and prints its port.
 */
import { serve } from "@hono/node-server";
import { type Env, limitBody, MAX_BODY_BYTES, startApi } from "@klinik/api";
import { createLogger, loadConfig, Shutdown } from "@klinik/config";
import { createTenant, migrateToLatest, openDb } from "@klinik/db";
import { Hono } from "hono";

const mode = process.argv[2];
if (mode === "bare" || mode === "bare-json") {
  // `bare`: the API's own body reader, nothing else (no validation, DB or queue);
  // `bare-json`: hono's default `c.req.json()`.
  const app = new Hono<Env>();
  if (mode === "bare") {
    app.use(limitBody(MAX_BODY_BYTES));
    app.post("/api/v1/public/:tenant/reports", async (c) => {
      const body = JSON.parse(await c.req.text());
      return c.json({ id: String(body.text).length }, 202);
    });
  } else {
    app.post("/api/v1/public/:tenant/reports", async (c) => {
      const body = await c.req.json();
      return c.json({ id: String(body.text).length }, 202);
    });
  }
  const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => console.log(`PORT ${info.port}`));
  process.on("SIGTERM", () => s.close(() => process.exit(0)));
} else {
  const [dbUrl, prefix] = process.argv.slice(3);
  const config = loadConfig({
    DATABASE_URL: dbUrl,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    QUEUE_PREFIX: prefix,
    PORT: "0",
    // The bench is one client: the per-address limit would measure the limiter.
    PUBLIC_RATE_LIMIT_PER_MIN: "0",
    LOG_LEVEL: "error",
  });
  const logger = createLogger("bench-api", "error");
  const shutdown = new Shutdown(logger);
  const db = openDb(config.DATABASE_URL);
  await migrateToLatest(db.db);
  await createTenant(db.db, { slug: "bench", name: "Bench" });
  const api = await startApi(config, logger, shutdown, { db });
  console.log(`PORT ${api.port}`);
  process.on("SIGTERM", () => void shutdown.run("SIGTERM").then(() => process.exit(0)));
}
