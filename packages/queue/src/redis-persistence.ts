import type { Redis } from "ioredis";

/** What a Redis server keeps across a restart, read with CONFIG GET. */
export interface RedisPersistence {
  level: "ok" | "warn" | "error";
  message: string;
}

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Whether the Redis that holds every queued job and job scheduler survives a
 * restart (`appendonly yes`). `shared`: a Postgres deployment, where a Redis that
 * writes nothing to disk is an error; embedded, a warning. Used by `pnpm doctor`
 * and at the start of every process of a shared deployment.
 */
export async function redisPersistence(redis: Redis, shared: boolean): Promise<RedisPersistence> {
  let aof: string;
  let save: string;
  try {
    const get = async (name: string) => ((await redis.config("GET", name)) as string[])[1] ?? "";
    [aof, save] = [await get("appendonly"), await get("save")];
  } catch (err) {
    // Managed Redis services often rename or disable CONFIG.
    return {
      level: "warn",
      message: `cannot read the settings (CONFIG: ${errText(err)}): make sure the server runs with appendonly yes and maxmemory-policy noeviction`,
    };
  }
  if (aof === "yes") return { level: "ok", message: "appendonly yes: queued jobs and schedules survive a restart" };
  if (save.trim()) {
    return {
      level: "warn",
      message: `snapshots only (save "${save}"): a crash loses the jobs queued since the last one; set appendonly yes`,
    };
  }
  return {
    level: shared ? "error" : "warn",
    message:
      'nothing is written to disk (appendonly no, save ""): a Redis restart loses every queued job and the ingest schedule; set appendonly yes',
  };
}

/** At start in a shared deployment: says once, loudly, when Redis would lose its jobs on a restart. */
export async function warnIfRedisForgets(
  redis: Redis,
  logger: { warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void },
): Promise<RedisPersistence> {
  // A producer connection queues nothing while it connects: ask once it is ready.
  if (redis.status !== "ready") {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      timer.unref();
      redis.once("ready", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  const p = await redisPersistence(redis, true);
  if (p.level === "error") logger.error({ check: "redis persistence" }, `Redis does not persist: ${p.message}`);
  else if (p.level === "warn") logger.warn({ check: "redis persistence" }, `Redis persistence: ${p.message}`);
  return p;
}
