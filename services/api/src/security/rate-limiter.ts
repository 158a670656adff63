import type { Redis } from "ioredis";
import type { RateLimiterRedis } from "rate-limiter-flexible";
import { addressKey } from "./address-key.ts";
import { redisCounter, take } from "./limiter-store.ts";

/** Requests per client: `hit` answers 0 when the request may pass (and counts it), else seconds to wait. */
export interface RateLimiter {
  hit(key: string): Promise<number>;
}

export interface RedisRateLimiterOptions {
  redis: Redis;
  /** Key prefix (QUEUE_PREFIX), so instances and test runs sharing a Redis do not collide. */
  prefix: string;
  /** Names this limit's keys (several limits can share a prefix). */
  name?: string;
  /** Requests per `windowSec` per key; 0 turns the limiter off. */
  limit: number;
  /** 60. */
  windowSec?: number;
  /** Length of the burst windows, a whole number of seconds ≤ windowSec (10). */
  burstWindowSec?: number;
}

/**
 * `limit` requests per `windowSec` per client address, shared by every API
 * process through Redis (rate-limiter-flexible, in-memory insurance while Redis
 * is unreachable). Keys are addresses as `addressKey` counts them (an IPv6 /64
 * is one client).
 *
 * Each window starts at a client's first request and expires with its key, so
 * a client that spends `limit` at the end of one window could spend `limit`
 * again at the start of the next: 2× in a moment. A second limiter over short
 * burst windows of `burstWindowSec` allows ⌈limit·burst/window⌉ each, and a
 * span of `windowSec` meets at most ⌈window/burst⌉ + 1 of them, so no span of
 * `windowSec` ever admits more than `maxPerWindow` =
 * min(2·limit, (⌈window/burst⌉ + 1)·⌈limit·burst/window⌉):
 * 70 for the default 60 per 60 s with 10 s bursts (the old clock-aligned
 * window admitted 120).
 */
export class RedisRateLimiter implements RateLimiter {
  /** The most requests this limiter admits in any span of `windowSec`. */
  readonly maxPerWindow: number;
  private readonly window?: RateLimiterRedis;
  private readonly burst?: RateLimiterRedis;

  constructor(o: RedisRateLimiterOptions) {
    const windowSec = o.windowSec ?? 60;
    const burstSec = Math.min(o.burstWindowSec ?? 10, windowSec);
    const burstPoints = Math.ceil((o.limit * burstSec) / windowSec);
    this.maxPerWindow = o.limit > 0 ? Math.min(2 * o.limit, (Math.ceil(windowSec / burstSec) + 1) * burstPoints) : 0;
    if (o.limit <= 0) return;
    const p = `${o.prefix}:rate:${o.name ?? "public"}`;
    this.window = redisCounter({ redis: o.redis, keyPrefix: `${p}:window`, points: o.limit, durationSec: windowSec });
    this.burst = redisCounter({ redis: o.redis, keyPrefix: `${p}:burst`, points: burstPoints, durationSec: burstSec });
  }

  async hit(key: string): Promise<number> {
    if (!this.window || !this.burst) return 0;
    const k = addressKey(key);
    // Burst first: a request refused there does not spend the window's budget.
    const wait = await take(this.burst, k);
    return wait > 0 ? wait : take(this.window, k);
  }
}
