import { Redis } from "ioredis";

/**
 * Workers block on Redis and must retry forever (`maxRetriesPerRequest: null`);
 * producers (the API) fail fast instead of queueing commands while Redis is down.
 */
export function createRedis(url: string, role: "worker" | "producer"): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === "worker" ? null : 1,
    enableOfflineQueue: role === "worker",
    lazyConnect: false,
    connectTimeout: 5_000,
  });
}

export async function pingRedis(redis: Redis): Promise<void> {
  const pong = await redis.ping();
  if (pong !== "PONG") throw new Error(`unexpected PING reply ${pong}`);
}
