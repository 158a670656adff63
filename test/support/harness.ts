import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "@klinik/api";
import { type Config, createLogger, loadConfig, Shutdown } from "@klinik/config";
import { createSession, createTenant, createUser, type DbHandle, forClinic } from "@klinik/db";
import { createTestDb, testItem, testPostgresUrl } from "@klinik/db/testing";

/** Dialects the cross-package tests run on: SQLite always, Postgres when TEST_POSTGRES_URL is set. */
export const DIALECTS: ("sqlite" | "postgres")[] = ["sqlite", ...(testPostgresUrl() ? (["postgres"] as const) : [])];

import { ClassifyBatcher, closeQueues, createQueues, createRedis, enqueueClassify, type Queues } from "@klinik/queue";
import type { Redis } from "ioredis";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Config of one test: its own queue prefix, so test files never see each other's jobs. */
export function testConfig(db: { url: string }, extra: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: `test-${randomBytes(5).toString("hex")}`,
    KLINIK_ALLOW_PRIVATE_FEEDS: "true",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...extra,
  });
}

export interface Harness {
  db: DbHandle & { url: string; schema?: string };
  config: Config;
  redis: Redis;
  queues: Queues;
  app: ReturnType<typeof createApp>;
  shutdown: Shutdown;
  logger: ReturnType<typeof createLogger>;
  close(): Promise<void>;
}

/** A migrated database, Redis queues under a fresh prefix, and the API app (not listening). */
export async function createHarness(
  extra: Record<string, string> = {},
  dialect: "sqlite" | "postgres" = "sqlite",
): Promise<Harness> {
  const db = await createTestDb(dialect);
  const config = testConfig(db, extra);
  const logger = createLogger("test", config.LOG_LEVEL);
  const shutdown = new Shutdown(logger, 10_000);
  const redis = createRedis(config.REDIS_URL, "producer");
  const queues = createQueues({ connection: redis, prefix: config.QUEUE_PREFIX });
  const classifyBatcher = new ClassifyBatcher(queues);
  const app = createApp({ db: db.db, dialect: db.dialect, redis, queues, classifyBatcher, config, logger });
  return {
    db,
    config,
    redis,
    queues,
    app,
    shutdown,
    logger,
    async close() {
      await shutdown.run("test done");
      await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true }))).catch(() => {});
      await closeQueues(queues);
      await redis.quit();
      await db.close();
    },
  };
}

export async function createClinic(h: Harness, slug: string, role: "admin" | "analyst" = "admin") {
  const tenant = await createTenant(h.db.db, { slug, name: `Klinik ${slug}` });
  const user = await createUser(h.db.db, {
    tenantId: tenant.id,
    email: `${role}@${slug}.test`,
    name: `${role} ${slug}`,
    password: "kata-sandi-uji",
    role,
  });
  const { token } = await createSession(h.db.db, user, 1);
  return { tenant, user, token, auth: { authorization: `Bearer ${token}` } };
}

/** JSON request against the app; returns status and parsed body. */
export async function call(
  h: Pick<Harness, "app">,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<{ status: number; body: any }> {
  const res = await h.app.request(path, {
    method,
    headers: { "content-type": "application/json", ...opts.headers },
    ...(opts.raw !== undefined
      ? { body: opts.raw }
      : opts.body !== undefined
        ? { body: JSON.stringify(opts.body) }
        : {}),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}

export async function waitFor<T>(
  fn: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Serves files (or generated bodies) on 127.0.0.1 at a random port, counting hits per path. */
export async function fixtureServer(
  routes: Record<string, () => { body: string | Buffer; type?: string; status?: number }>,
) {
  const hits: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    hits[path] = (hits[path] ?? 0) + 1;
    const route = routes[path];
    if (!route) {
      res.writeHead(404).end("not found");
      return;
    }
    const r = route();
    res.writeHead(r.status ?? 200, { "content-type": r.type ?? "application/rss+xml; charset=utf-8" });
    res.end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const demoFeed = (name: string) =>
  readFileSync(new URL(`../../services/api/demo-feeds/${name}`, import.meta.url));

/**
 * Stores `texts` as items of the clinic, has a running classifier score them and answers
 * their ids in input order (the insert answers ids in no promised order).
 */
export async function ingestScored(h: Harness, tenantId: string, texts: string[], tag: string): Promise<string[]> {
  const c = forClinic(h.db.db, tenantId);
  const { pendingIds } = await c.insertItems(texts.map((text, i) => testItem(`${tag}-${i}`, { text })));
  await enqueueClassify(h.queues, tenantId, pendingIds);
  await waitFor(
    async () => (await Promise.all(pendingIds.map((id) => c.getItem(id)))).every((it) => it?.status !== "pending"),
    `${tag} scored`,
  );
  const rows = await Promise.all(pendingIds.map((id) => c.getItem(id)));
  return texts.map((t) => rows.find((r) => r?.text === t)?.id ?? "");
}
