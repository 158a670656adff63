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
  /** Requests a client may send at once (⌈limit/6⌉); the bound below grows with it. */
  burst?: number;
}

/**
 * `limit` requests per `windowSec` per client address, shared by every API
 * process through Redis (rate-limiter-flexible, in-memory insurance while Redis
 * is unreachable). Keys are addresses as `addressKey` counts them (an IPv6 /64
 * is one client).
 *
 * Each window starts at a client's first request and expires with its key, so
 * a client that spends `limit` at the end of one window could spend `limit`
 * again at the start of the next: 2× in a moment. A second limiter allows
 * `burst` requests per burst window of ⌊window·burst/limit⌋ s (the same rate),
 * and a span of `windowSec` meets at most ⌈window/burstWindow⌉ + 1 of those, so
 * no span of `windowSec` ever admits more than `maxPerWindow` =
 * min(2·limit, (⌈window/burstWindow⌉ + 1)·burst) — about limit + burst. For the
 * default 60 per 60 s: bursts of 10 per 10 s, at most 70 in any 60 s (the old
 * clock-aligned window admitted 120). No scheme of fixed windows allows
 * `burst` at once with a bound under limit + burst.
 */
export class RedisRateLimiter implements RateLimiter {
  /** The most requests this limiter admits in any span of `windowSec`. */
  readonly maxPerWindow: number;
  private readonly window?: RateLimiterRedis;
  private readonly burst?: RateLimiterRedis;

  constructor(o: RedisRateLimiterOptions) {
    const windowSec = o.windowSec ?? 60;
    const burst = Math.min(o.limit, o.burst ?? Math.ceil(o.limit / 6));
    const burstSec = Math.max(1, Math.floor((windowSec * burst) / Math.max(o.limit, 1)));
    this.maxPerWindow = o.limit > 0 ? Math.min(2 * o.limit, (Math.ceil(windowSec / burstSec) + 1) * burst) : 0;
    if (o.limit <= 0) return;
    const p = `${o.prefix}:rate:${o.name ?? "public"}`;
    this.window = redisCounter({ redis: o.redis, keyPrefix: `${p}:window`, points: o.limit, durationSec: windowSec });
    this.burst = redisCounter({ redis: o.redis, keyPrefix: `${p}:burst`, points: burst, durationSec: burstSec });
  }

  async hit(key: string): Promise<number> {
    if (!this.window || !this.burst) return 0;
    const k = addressKey(key);
    // Burst first: a request refused there does not spend the window's budget.
    const wait = await take(this.burst, k);
    return wait > 0 ? wait : take(this.window, k);
  }
}
