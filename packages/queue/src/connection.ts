import { Redis } from "ioredis";
import { closeQueues, createQueues, type Queues } from "./queues.ts";
import { warnIfRedisForgets } from "./redis-persistence.ts";

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

/**
 * One process's Redis connection and the catalog's queues, registered with the
 * process's shutdown registry (queues close before their connection).
 */
export function openQueues(o: {
  url: string;
  prefix: string;
  role: "worker" | "producer";
  /** Names the shutdown steps ("api", "classifier", …). */
  name: string;
  logger: { warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  shutdown: { add(name: string, fn: () => unknown): void };
  /** A shared (Postgres) deployment: check at once that Redis persists its jobs, and log loudly if not. */
  shared?: boolean;
}): { connection: Redis; queues: Queues } {
  const connection = createRedis(o.url, o.role);
  connection.on("error", (err) => o.logger.warn({ err: err.message }, "redis error"));
  if (o.shared) void warnIfRedisForgets(connection, o.logger).catch(() => {});
  o.shutdown.add(`${o.name} redis`, () => connection.quit().catch(() => connection.disconnect()));
  const queues = createQueues({ connection, prefix: o.prefix });
  o.shutdown.add(`${o.name} queues`, () => closeQueues(queues));
  return { connection, queues };
}
