/**
 * Child process of the public bench: serves either the real API (`api`) on a fresh
 * SQLite file with one clinic and one published clarification, or a bare Hono
 * handler (`bare`) answering a fixed HTML page of the same size; prints its port.
 * The API logs as production does by default (LOG_LEVEL and ACCESS_LOG_LEVEL `info`:
 * one access line per request), to the file named after the database URL.
 */
import { serve } from "@hono/node-server";
import { startApi } from "@klinik/api";
import { createLogger, loadConfig, Shutdown } from "@klinik/config";
import { createTenant, createUser, forClinic, migrateToLatest, openDb } from "@klinik/db";
import { Hono } from "hono";

const mode = process.argv[2];
if (mode === "bare") {
  const size = Number(process.argv[3] ?? "6000");
  const page = `<!doctype html><html><body>${"x".repeat(size)}</body></html>`;
  const app = new Hono();
  app.get("/k/:slug/klarifikasi/:id", (c) => c.html(page));
  const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => console.log(`PORT ${info.port}`));
  process.on("SIGTERM", () => s.close(() => process.exit(0)));
} else {
  const [dbUrl, prefix, logFile] = process.argv.slice(3);
  const config = loadConfig({
    DATABASE_URL: dbUrl,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    QUEUE_PREFIX: prefix,
    PORT: "0",
    // One client: the per-address limit would measure the limiter.
    PUBLIC_RATE_LIMIT_PER_MIN: "0",
  });
  const logger = createLogger("bench-api", config.LOG_LEVEL, logFile);
  const shutdown = new Shutdown(logger);
  const db = openDb(config.DATABASE_URL);
  await migrateToLatest(db.db);
  const tenant = await createTenant(db.db, { slug: "bench", name: "Diskominfo Bench" });
  const user = await createUser(db.db, {
    tenantId: tenant.id,
    email: "admin@bench.test",
    name: "Admin",
    password: "kata-sandi-bench",
    role: "admin",
  });
  const clinic = forClinic(db.db, tenant.id);
  const { pendingIds } = await clinic.insertItems([
    {
      sourceId: null,
      reportId: null,
      dedupKey: "bench:1",
      externalId: null,
      url: "https://medsos.test/post/1",
      title: null,
      text: "Mulai besok WhatsApp bayar 5 ribu per bulan kalau pesan ini tidak diteruskan ke 20 kontak. Sebarkan!",
      author: null,
      publishedAt: null,
    },
  ]);
  const made = await clinic.createClarification({
    title: "[HOAKS] WhatsApp tidak memungut biaya bulanan",
    body: `WhatsApp tidak pernah mengumumkan biaya bulanan. ${"Pesan berantai serupa sudah beredar sejak 2012. ".repeat(40)}Rujukan: https://faq.whatsapp.test/`,
    verdict: "false",
    itemIds: pendingIds,
    userId: user.id,
  });
  if (!made.ok) throw new Error("bench clarification");
  await clinic.publishClarification(made.clarification.id);
  const api = await startApi(config, logger, shutdown, { db });
  console.log(`PORT ${api.port} ID ${made.clarification.id}`);
  process.on("SIGTERM", () => void shutdown.run("SIGTERM").then(() => process.exit(0)));
}
