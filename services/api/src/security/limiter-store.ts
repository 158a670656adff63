import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

export interface CounterOptions {
  redis: Redis;
  keyPrefix: string;
  points: number;
  durationSec: number;
  blockSec?: number;
}

/**
 * A counter in Redis whose keys expire by themselves, with an in-memory
 * insurance counter of the same shape that takes over while Redis does not
 * answer (per process then, but never unlimited and never throwing).
 */
export function redisCounter(o: CounterOptions): RateLimiterRedis {
  if (!Number.isInteger(o.durationSec) || o.durationSec < 1) {
    // The library stores whole seconds; 0 would mean "never expires".
    throw new Error(`${o.keyPrefix}: duration must be a whole number of seconds ≥ 1`);
  }
  const shape = { keyPrefix: o.keyPrefix, points: o.points, duration: o.durationSec, blockDuration: o.blockSec ?? 0 };
  return new RateLimiterRedis({
    ...shape,
    storeClient: o.redis,
    // Without this a command to a reconnecting client waits in its offline queue.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(shape),
  });
}

/** Whole seconds to wait for `ms` (at least 1, for Retry-After). */
export function secondsFor(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** Consumes one point: 0 when allowed, else seconds until the key frees up. */
export async function take(counter: RateLimiterRedis, key: string): Promise<number> {
  try {
    await counter.consume(key);
    return 0;
  } catch (rejection) {
    // With an insurance limiter the only rejection is "over the limit"; anything else is a bug.
    if (rejection instanceof RateLimiterRes) return secondsFor(rejection.msBeforeNext);
    throw rejection;
  }
}
