import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ClarificationMatcher } from "@klinik/claims";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { limitBody } from "./body.ts";
import type { AppDeps, Env } from "./context.ts";
import { LoginThrottle } from "./credentials.ts";
import { errorBody, handleError } from "./errors.ts";
import { buildOpenApi } from "./openapi.ts";
import { RateLimiter } from "./rate-limit.ts";
import { ReportWriter } from "./report-writer.ts";
import { authRoutes } from "./routes/auth.routes.ts";
import { clarificationRoutes } from "./routes/clarifications.routes.ts";
import { clusterRoutes } from "./routes/clusters.routes.ts";
import { healthRoutes } from "./routes/health.routes.ts";
import { itemRoutes } from "./routes/items.routes.ts";
import { publicRoutes } from "./routes/public.routes.ts";
import { sourceRoutes } from "./routes/sources.routes.ts";
import { webhookRoutes } from "./routes/webhook.routes.ts";
import { TenantCache } from "./tenant-cache.ts";
import { uiRoutes } from "./ui/ui.routes.ts";

/** Largest request body accepted anywhere (a clarification body of 50k chars fits). */
export const MAX_BODY_BYTES = 256 * 1024;

/** Builds the HTTP app without listening, so tests can call `app.request()`. */
export function createApp(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>();
  const openapi = JSON.stringify(buildOpenApi());

  app.onError((err, c) => handleError(err, c, (e) => deps.logger.error({ err: e, path: c.req.path }, "unhandled")));
  app.notFound((c) => c.json(errorBody("not_found", "No such endpoint"), 404));
  app.use(secureHeaders());
  const fullDeps = {
    ...deps,
    clarifications: deps.clarifications ?? new ClarificationMatcher(deps.db),
    reportWriter: new ReportWriter(deps.db, deps.classifyBatcher, deps.logger),
    tenants: new TenantCache(deps.db),
    loginThrottle: new LoginThrottle(),
    reportLimiter: new RateLimiter(deps.config.PUBLIC_RATE_LIMIT_PER_MIN),
  };
  app.use(async (c, next) => {
    c.set("deps", fullDeps);
    await next();
  });
  app.use(limitBody(MAX_BODY_BYTES));

  app.route("/health", healthRoutes);
  app.get("/openapi.json", (c) => c.body(openapi, 200, { "content-type": "application/json" }));
  app.route("/api/v1/auth", authRoutes);
  app.route("/api/v1/public", publicRoutes);
  app.route("/api/v1/items", itemRoutes);
  app.route("/api/v1/clarifications", clarificationRoutes);
  app.route("/api/v1/sources", sourceRoutes);
  app.route("/api/v1/clusters", clusterRoutes);
  app.route("/api/v1/ingest", webhookRoutes);
  app.route("/", uiRoutes);

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
  return app;
}
