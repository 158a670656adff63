import { pingDb } from "@klinik/db";
import { pingRedis } from "@klinik/queue";
import { z } from "zod";
import { apiApp, defineRoute } from "./define.ts";

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`no answer in ${ms} ms`)), ms))]);

const healthRoute = defineRoute({
  method: "get",
  path: "/",
  summary: "Database and Redis liveness",
  access: "public",
  ok: { status: 200, description: "Both answer", schema: z.object({ status: z.literal("ok") }) },
  errors: [503],
});

export const healthRoutes = apiApp().openapi(healthRoute, async (c) => {
  const { db, redis } = c.var.deps;
  const [dbRes, redisRes] = await Promise.allSettled([
    withTimeout(pingDb(db), 2000),
    withTimeout(pingRedis(redis), 2000),
  ]);
  const down: Record<string, string> = {};
  if (dbRes.status === "rejected") down.database = String((dbRes.reason as Error)?.message ?? dbRes.reason);
  if (redisRes.status === "rejected") down.redis = String((redisRes.reason as Error)?.message ?? redisRes.reason);
  if (Object.keys(down).length > 0) {
    return c.json(
      { status: "down", down, error: { code: "unavailable", message: `Down: ${Object.keys(down).join(", ")}` } },
      503,
    ) as never;
  }
  return c.json({ status: "ok" as const }, 200);
});
