import { z } from "zod";
import type { AppMetrics } from "../metrics.ts";
import { apiApp, defineRoute } from "./define.ts";

const metricsRoute = defineRoute({
  method: "get",
  path: "/",
  summary: "Prometheus metrics of this API process and of the instance (queues, workers, clinics)",
  description:
    "For the instance operator's session token, or a scraper sending METRICS_TOKEN as its bearer token. " +
    "Request figures are this process's; queue, clinic and worker figures are the whole instance's, read from Redis.",
  access: "operator",
  machineToken: "METRICS_TOKEN",
  ok: {
    status: 200,
    description: "Prometheus text exposition format",
    schema: z.string(),
    contentType: "text/plain; version=0.0.4",
  },
  errors: [],
});

/** GET /metrics, rendered by the app's own registry. */
export const metricsRoutes = (metrics: AppMetrics) =>
  apiApp().openapi(metricsRoute, async (c) => {
    const { body, contentType } = await metrics.render();
    return c.body(body, 200, { "content-type": contentType, "cache-control": "no-store" });
  });
