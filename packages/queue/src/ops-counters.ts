import { hostname } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Redis } from "ioredis";

/**
 * Counters every process adds to and the API's /metrics reads: items ingested and
 * scored per clinic, feed failures per reason, and a heartbeat per worker process
 * (its role, model version and memory). Kept in Redis rather than served by each
 * worker on a port of its own, so one scrape of any API process sees the whole
 * instance, however many workers run and wherever they run; a counter survives a
 * worker's restart. Each hook is one HINCRBY (or HSET) per job, not per item.
 */
const key = (prefix: string, name: string) => `${prefix}:ops:${name}`;

/** A process counts as up while its heartbeat is younger than this. */
export const HEARTBEAT_STALE_MS = 90_000;
export const HEARTBEAT_EVERY_MS = 15_000;

export type OpsCounter = "ingested" | "scored" | "feed_failures";

export interface OpsCounters {
  /** Adds `n` to `field` (a clinic id, or a failure reason); never throws, never waits for Redis. */
  add(counter: OpsCounter, field: string, n?: number): void;
}

export function opsCounters(redis: Redis, prefix: string, onError?: (err: Error) => void): OpsCounters {
  return {
    add(counter, field, n = 1) {
      if (n <= 0) return;
      redis.hincrby(key(prefix, counter), field, n).catch((err: Error) => onError?.(err));
    },
  };
}

export interface ProcessBeat {
  role: "ingest" | "classifier" | "api";
  model?: string;
}

export interface ProcessState extends ProcessBeat {
  instance: string;
  rssBytes: number;
  heapUsedBytes: number;
  /** CPU time (user + system) since the process started. */
  cpuSeconds: number;
  /** 99th percentile of event loop delay since the last heartbeat (a blocked loop stalls its jobs). */
  loopDelayP99Seconds: number;
  seenAt: number;
}

/** Writes this process's heartbeat now and every HEARTBEAT_EVERY_MS; `stop` removes it. */
export function startHeartbeat(redis: Redis, prefix: string, beat: ProcessBeat): { stop(): Promise<void> } {
  const instance = `${beat.role}@${hostname()}:${process.pid}`;
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  const write = () => {
    const m = process.memoryUsage();
    const cpu = process.cpuUsage();
    const state: ProcessState = {
      ...beat,
      instance,
      rssBytes: m.rss,
      heapUsedBytes: m.heapUsed,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      loopDelayP99Seconds: loop.percentile(99) / 1e9,
      seenAt: Date.now(),
    };
    loop.reset();
    redis.hset(key(prefix, "processes"), instance, JSON.stringify(state)).catch(() => {});
  };
  write();
  const timer = setInterval(write, HEARTBEAT_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      loop.disable();
      await redis.hdel(key(prefix, "processes"), instance).catch(() => {});
    },
  };
}

export interface OpsSnapshot {
  ingested: Record<string, number>;
  scored: Record<string, number>;
  feedFailures: Record<string, number>;
  /** Processes whose heartbeat is fresh; stale entries are removed as they are read. */
  processes: ProcessState[];
}

const numbers = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Number(v) || 0]));

/** Reads every counter in one round trip. */
export async function readOpsCounters(redis: Redis, prefix: string, now = Date.now()): Promise<OpsSnapshot> {
  const replies = await redis
    .multi()
    .hgetall(key(prefix, "ingested"))
    .hgetall(key(prefix, "scored"))
    .hgetall(key(prefix, "feed_failures"))
    .hgetall(key(prefix, "processes"))
    .exec();
  const at = (i: number) => (replies?.[i]?.[1] ?? {}) as Record<string, string>;
  const processes: ProcessState[] = [];
  const stale: string[] = [];
  for (const [instance, raw] of Object.entries(at(3))) {
    try {
      const p = JSON.parse(raw) as ProcessState;
      if (now - p.seenAt <= HEARTBEAT_STALE_MS) processes.push(p);
      else stale.push(instance);
    } catch {
      stale.push(instance);
    }
  }
  if (stale.length) await redis.hdel(key(prefix, "processes"), ...stale);
  return { ingested: numbers(at(0)), scored: numbers(at(1)), feedFailures: numbers(at(2)), processes };
}
