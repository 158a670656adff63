import { ensureRedis } from "../scripts/lib/redis.ts";

/**
 * Tests use a real Redis: the one at REDIS_URL, or a local redis-server started
 * here (files under ./data/test-redis) and stopped when the run ends.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const redis = await ensureRedis(url, "./data/test-redis");
  if (redis.started) console.log(`started redis-server for the tests at ${url}`);
  return redis.stop;
}
