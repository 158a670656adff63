import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { ClarificationMatcher } from "@klinik/claims";
import { ClarificationSearch } from "@klinik/search";
import { secureHeaders } from "hono/secure-headers";
import { accessLine, accessLog } from "./access-log.ts";
import { isJsonContentType, limitBody } from "./body.ts";
import type { AppDeps, Env } from "./context.ts";
import { RedisLoginThrottle } from "./credentials.ts";
import { docsRoutes } from "./docs.ts";
import { ApiError, errorBody, handleError } from "./errors.ts";
import { createMetrics } from "./metrics.ts";
import { NotifyHub } from "./notify/notify-hub.ts";
import { StreamSlots } from "./notify/stream-slots.ts";
import { PublicPageCache, redisPageChangeBus } from "./public-page-cache.ts";
import { type EarlyAnswer, publicPageFastPath } from "./public-page-fast-path.ts";
import { RedisRateLimiter } from "./rate-limit.ts";
import { ReportWriter } from "./report-writer.ts";
import { accountRoutes } from "./routes/account.routes.ts";
import { auditRoutes } from "./routes/audit.routes.ts";
import { authRoutes } from "./routes/auth.routes.ts";
import { claimWorkRoutes } from "./routes/claim-work.routes.ts";
import { clarificationLockRoutes } from "./routes/clarification-lock.routes.ts";
import { clarificationRoutes } from "./routes/clarifications.routes.ts";
import { clinicRoutes } from "./routes/clinics.routes.ts";
import { clusterRoutes } from "./routes/clusters.routes.ts";
import { apiApp } from "./routes/define.ts";
import { escalationRoutes } from "./routes/escalations.routes.ts";
import { evidenceRoutes } from "./routes/evidence.routes.ts";
import { healthRoutes } from "./routes/health.routes.ts";
import { itemRoutes } from "./routes/items.routes.ts";
import { metricsRoutes } from "./routes/metrics.routes.ts";
import { modelRoutes } from "./routes/model.routes.ts";
import { notificationRoutes } from "./routes/notifications.routes.ts";
import { partnerWebhookRoutes } from "./routes/partner-webhooks.routes.ts";
import { publicRoutes } from "./routes/public.routes.ts";
import { QUEUE_BOARD_PATH, queueBoardRoutes } from "./routes/queue-board.routes.ts";
import { sourceRoutes } from "./routes/sources.routes.ts";
import { publicStatsRoutes, statsRoutes } from "./routes/stats.routes.ts";
import { ingestRoutes, tokenRoutes } from "./routes/tokens.routes.ts";
import { inviteRoutes, userRoutes } from "./routes/users.routes.ts";
import { webhookRoutes } from "./routes/webhook.routes.ts";
import { FormStamp } from "./security/form-stamp.ts";
import type { ServiceDeps } from "./services/deps.ts";
import { TenantCache } from "./tenant-cache.ts";
import { formTooLargePage } from "./ui/too-large.tsx";
import { uiRoutes } from "./ui/ui.routes.ts";

/** Largest request body accepted anywhere (a clarification body of 50k chars fits). */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * The JSON API takes JSON only: a body of any other type answers 415 before
 * anything runs. Browsers send text/plain and form bodies across origins without
 * asking first; they cannot send application/json that way.
 */
const jsonOnly: Parameters<OpenAPIHono<Env>["use"]>[1] = async (c, next) => {
  const length = c.req.header("content-length");
  // Over HTTP/1.1 a body comes with one of these headers; only app.request() in tests has neither.
  const hasBody =
    (length !== undefined && length !== "0") ||
    c.req.header("transfer-encoding") !== undefined ||
    (length === undefined && c.req.method !== "GET" && c.req.raw.body !== null);
  if (c.req.method !== "GET" && hasBody && !isJsonContentType(c.req.header("content-type"))) {
    throw new ApiError("unsupported_media_type", "Send the body as application/json");
  }
  await next();
};

/** Builds the HTTP app without listening, so tests can call `app.request()`. */
export function createApp(deps: AppDeps): OpenAPIHono<Env> {
  return buildApp(deps).app;
}

/**
 * The app and what its server answers before it (`serveHttp`'s `early`): cached
 * public pages (public-page-fast-path.ts).
 */
export function buildApp(deps: AppDeps): { app: OpenAPIHono<Env>; early: EarlyAnswer } {
  const app = apiApp();
  const clarifications = deps.clarifications ?? new ClarificationMatcher(deps.db);
  const full: ServiceDeps = {
    ...deps,
    clarifications,
    search: deps.search ?? new ClarificationSearch(deps.db, clarifications),
    reportWriter: new ReportWriter(deps.db, deps.classifyBatcher, deps.logger),
    tenants: new TenantCache(deps.db),
    publicPages:
      deps.publicPages ??
      new PublicPageCache(
        (deps.config.PUBLIC_PAGE_TTL_SEC ?? 10) * 1000,
        redisPageChangeBus(deps.redis, deps.config.QUEUE_PREFIX, deps.logger),
      ),
    formStamp: new FormStamp(deps.redis, deps.config.QUEUE_PREFIX),
    // Shared through Redis, so every API process counts the same attempts.
    loginThrottle: new RedisLoginThrottle({ redis: deps.redis, prefix: deps.config.QUEUE_PREFIX }),
    reportLimiter: new RedisRateLimiter({
      redis: deps.redis,
      prefix: deps.config.QUEUE_PREFIX,
      limit: deps.config.PUBLIC_RATE_LIMIT_PER_MIN,
    }),
    statsLimiter: new RedisRateLimiter({
      redis: deps.redis,
      prefix: deps.config.QUEUE_PREFIX,
      name: "stats",
      limit: deps.config.PUBLIC_RATE_LIMIT_PER_MIN,
    }),
    notifyHub:
      deps.notifyHub ?? new NotifyHub({ redis: deps.redis, prefix: deps.config.QUEUE_PREFIX, logger: deps.logger }),
    // A stream that stopped beating for three heartbeats (its process died) frees its slot.
    streamSlots: new StreamSlots(
      deps.redis,
      deps.config.QUEUE_PREFIX,
      deps.config.NOTIFY_STREAMS_PER_USER ?? 5,
      3 * (deps.config.NOTIFY_HEARTBEAT_SEC ?? 25) * 1000,
    ),
  };
  app.onError((err, c) => handleError(err, c, (e) => deps.logger.error({ err: e, path: c.req.path }, "unhandled")));
  app.notFound((c) => c.json(errorBody("not_found", "No such endpoint"), 404));
  // Operator tooling: one access log line and the request metrics of every request, first.
  const metrics = createMetrics(deps);
  const access = accessLine(deps.logger, deps.config.ACCESS_LOG_LEVEL ?? "info");
  // Before them, a cached public clarification page: it writes its own line and metrics.
  const publicPage = publicPageFastPath({
    cache: full.publicPages,
    publicBaseUrl: deps.config.PUBLIC_BASE_URL,
    access,
    trustProxy: deps.config.TRUST_PROXY,
    metrics,
  });
  app.use(publicPage.middleware);
  app.use(accessLog(access, deps.config.TRUST_PROXY));
  app.use(metrics.observe);
  app.use(secureHeaders());
  app.use(async (c, next) => {
    c.set("deps", full);
    await next();
  });
  app.use("/api/*", jsonOnly);
  // A browser's form over the limit gets a page (public or staff), not the JSON error.
  app.use(limitBody(MAX_BODY_BYTES, formTooLargePage));

  app.route("/health", healthRoutes);
  app.route("/api/v1/auth", authRoutes);
  app.route("/api/v1/public", publicRoutes);
  app.route("/api/v1/items", itemRoutes);
  app.route("/api/v1/clarifications", clarificationRoutes);
  app.route("/api/v1/clarifications", clarificationLockRoutes);
  app.route("/api/v1/sources", sourceRoutes);
  app.route("/api/v1/clusters", claimWorkRoutes);
  app.route("/api/v1/clusters", clusterRoutes);
  app.route("/api/v1", evidenceRoutes);
  app.route("/api/v1/clinics", clinicRoutes);
  app.route("/api/v1/escalations", escalationRoutes);
  app.route("/api/v1/model", modelRoutes);
  app.route("/api/v1/ingest", webhookRoutes);
  // People, own account, integration tokens (and what a token hands in)
  app.route("/api/v1/auth", accountRoutes);
  app.route("/api/v1/users", userRoutes);
  app.route("/api/v1/clinics", inviteRoutes);
  app.route("/api/v1/tokens", tokenRoutes);
  app.route("/api/v1/webhooks", partnerWebhookRoutes);
  app.route("/api/v1/items", ingestRoutes);
  // Notification choices (own, and the clinic's channels) and the browser's event stream
  app.route("/api/v1", notificationRoutes);
  // /api/v1/audit and /api/v1/audit.csv
  app.route("/api/v1", auditRoutes);
  // /api/v1/stats(.csv), and the open data under /api/v1/public
  app.route("/api/v1", statsRoutes);
  app.route("/api/v1/public", publicStatsRoutes);
  // The instance operator's: Prometheus metrics (or a scraper with METRICS_TOKEN), the queue dashboard.
  app.route("/metrics", metricsRoutes(metrics));
  app.route(QUEUE_BOARD_PATH, queueBoardRoutes(deps.queues));
  // Generated from the routes themselves, once: a route cannot be served undocumented.
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  const openapi = JSON.stringify(
    app.getOpenAPIDocument({
      openapi: "3.0.3",
      info: {
        title: "Klinik Hoaks API",
        version: "1.0.0",
        description: "Errors always have the shape {error:{code,message}}. x-klinik-access tells who may call a route.",
      },
    }),
  );
  app.get("/openapi.json", (c) => c.body(openapi, 200, { "content-type": "application/json" }));
  app.route("/docs", docsRoutes);

  if (deps.demoFeedsDir) {
    const dir = deps.demoFeedsDir;
    app.get("/demo/feeds/:name", async (c) => {
      const name = c.req.param("name");
      if (!/^[a-z0-9-]+\.xml$/.test(name)) return c.json(errorBody("not_found", "No such feed"), 404);
      const body = await readFile(join(dir, name)).catch(() => null);
      if (!body) return c.json(errorBody("not_found", "No such feed"), 404);
      return c.body(body, 200, { "content-type": "application/rss+xml; charset=utf-8" });
    });
  }
  // Last: the UI's middleware then runs only for what the JSON API did not answer.
  app.route("/", uiRoutes);
  return { app, early: publicPage.early };
}
