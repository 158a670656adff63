import { createServer, type RequestListener, type ServerOptions } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { ClarificationMatcher } from "@klinik/claims";
import type { Config, Logger, Shutdown } from "@klinik/config";
import { type DbHandle, deleteExpiredSessions, openDb } from "@klinik/db";
import { ClassifyBatcher, openQueues } from "@klinik/queue";
import { ClarificationSearch } from "@klinik/search";
import { buildApp } from "./app.ts";
import { DEMO_FEEDS_DIR } from "./demo.ts";
import { NotifyHub } from "./notify/notify-hub.ts";
import { PublicPageCache, redisPageChangeBus } from "./public-page-cache.ts";
import type { EarlyAnswer } from "./public-page-fast-path.ts";
import { scheduleContactRetention } from "./services/contact-retention.service.ts";

/**
 * A request must arrive whole (headers and body) within this long; a client that
 * trickles bytes to hold connections open is cut off (Node's requestTimeout).
 */
export const REQUEST_TIMEOUT_MS = 20_000;
const HEADERS_TIMEOUT_MS = 10_000;

/**
 * Listens with the request limits every API server needs: a request (headers
 * and body) must arrive whole within `requestTimeoutMs`, checked every second
 * or so, so clients trickling bytes cannot hold connections open.
 */
export async function serveHttp(
  fetch: (req: Request, env: never) => Response | Promise<Response>,
  opts: { port: number; hostname: string; requestTimeoutMs?: number; early?: EarlyAnswer },
): Promise<ReturnType<typeof serve>> {
  const requestTimeout = opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const early = opts.early;
  return new Promise((resolve, reject) => {
    const s = serve(
      {
        fetch: fetch as never,
        port: opts.port,
        hostname: opts.hostname,
        // `early` first; what it leaves goes to node-server's listener (and Hono) unchanged.
        ...(early && {
          createServer: ((options: ServerOptions, listener: RequestListener) =>
            createServer(options, (req, res) => {
              if (!early(req, res)) listener(req, res);
            })) as typeof createServer,
        }),
        serverOptions: {
          requestTimeout,
          headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout),
          connectionsCheckingInterval: Math.min(1_000, requestTimeout / 2),
        },
      },
      () => resolve(s),
    );
    s.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "EADDRINUSE"
          ? new Error(`Port ${opts.port} on ${opts.hostname} is already in use: stop the other process or set PORT`)
          : err,
      ),
    );
  });
}

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
  const dbh =
    opts.db ??
    openDb(config.DATABASE_URL, {
      poolSize: config.DATABASE_POOL_SIZE,
      onIdleError: (err) => logger.warn({ err: err.message }, "idle database connection lost"),
    });
  if (!opts.db) shutdown.add("api db", () => dbh.close());
  const { connection: redis, queues } = openQueues({
    url: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    role: "producer",
    name: "api",
    logger,
    shutdown,
    shared: config.DATABASE_URL.startsWith("postgres"),
  });
  const classifyBatcher = new ClassifyBatcher(queues);
  shutdown.add("api batcher", () => classifyBatcher.flush());

  const notifyHub = new NotifyHub({ redis, prefix: config.QUEUE_PREFIX, logger });
  // Built here to warm it at start (stemmer, term statistics, signatures), not on the first search.
  const clarifications = new ClarificationMatcher(dbh.db);
  const search = new ClarificationSearch(dbh.db, clarifications);
  void search
    .warm()
    .catch((err: unknown) => logger.warn({ err }, "search warm-up failed; the first search will do it"));
  const publicPages = new PublicPageCache(
    config.PUBLIC_PAGE_TTL_SEC * 1000,
    redisPageChangeBus(redis, config.QUEUE_PREFIX, logger),
  );
  shutdown.add("public page changes", () => publicPages.close());
  const { app, early } = buildApp({
    publicPages,
    clarifications,
    search,
    notifyHub,
    db: dbh.db,
    dialect: dbh.dialect,
    redis,
    queues,
    classifyBatcher,
    config,
    logger,
    ...(opts.serveDemoFeeds ? { demoFeedsDir: DEMO_FEEDS_DIR } : {}),
  });
  const server = await serveHttp(app.fetch, { port: config.PORT, hostname: config.HOST, early });
  shutdown.add("http server", () => new Promise<void>((resolve) => server.close(() => resolve())));
  // Runs before the server closes (shutdown goes in reverse): open notification streams end, so it can.
  shutdown.add("notification streams", () => notifyHub.close());
  // Expired and idle sessions are refused at once; this removes their rows (any process may do it).
  const sweep = () =>
    deleteExpiredSessions(dbh.db, undefined, config.SESSION_IDLE_MINUTES).catch((err: unknown) =>
      logger.warn({ err }, "expired session sweep failed"),
    );
  const timer = setInterval(sweep, 3600_000);
  timer.unref();
  shutdown.add("session sweep", () => clearInterval(timer));
  void sweep();
  // Reporters' contacts past their clinic's retention are erased hourly (audited per clinic).
  const retention = scheduleContactRetention({ db: dbh.db, logger });
  shutdown.add("contact retention", () => retention.stop());
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST}:${port}`;
  logger.info({ url }, "api listening");
  return { url, port };
}
