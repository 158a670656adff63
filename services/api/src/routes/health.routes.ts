import { pingDb } from "@klinik/db";
import { pingRedis } from "@klinik/queue";
import { Hono } from "hono";
import type { Env } from "../context.ts";

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`no answer in ${ms} ms`)), ms))]);

export const healthRoutes = new Hono<Env>().get("/", async (c) => {
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
    );
  }
  return c.json({ status: "ok" });
});
