import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { RateLimiterRedis } from "rate-limiter-flexible";
import { addressKey } from "./address-key.ts";
import { redisCounter, secondsFor, take } from "./limiter-store.ts";

/** Who is trying to log in: the client address and the email typed. */
export interface LoginKey {
  address: string;
  email: string;
}

/**
 * Throttles password guessing. `admit` comes before any password work; every
 * admitted attempt must be followed by `failed` or `succeeded`.
 */
export interface LoginThrottle {
  /** 0: go ahead and verify (the attempt is now counted); otherwise seconds to wait. */
  admit(key: LoginKey): Promise<number>;
  failed(key: LoginKey): Promise<void>;
  succeeded(key: LoginKey): Promise<void>;
}

export interface RedisLoginThrottleOptions {
  /** Shared client (e.g. the API's producer connection). */
  redis: Redis;
  /** Key prefix (QUEUE_PREFIX), so instances and test runs sharing a Redis do not collide. */
  prefix: string;
  /** Consecutive failures per (address, account) before delays start (5). */
  freeFailures?: number;
  /** Longest delay between attempts of one (address, account) (900 s). */
  maxDelaySec?: number;
  /** How long consecutive failures are remembered after the first one (1 day). */
  failureMemorySec?: number;
  /** Failed (or unfinished) logins per address, any accounts, per window (20). */
  addressFailures?: number;
  /** The address window, and how long an address over it is refused (900 s). */
  addressWindowSec?: number;
}

/** An admitted attempt past the free failures holds the gate this long at most (crash safety). */
const LEASE_SEC = 10;

/**
 * Login throttle shared by every API process through Redis (rate-limiter-flexible,
 * in-memory insurance while Redis is unreachable). Two independent limits:
 *
 * - per (address, account): after `freeFailures` consecutive failures each next
 *   attempt waits 1 s, 2 s, 4 s, … up to `maxDelaySec`, and only one attempt at
 *   a time is verified. The owner on another address is never affected;
 * - per address: `addressFailures` failed logins within `addressWindowSec` refuse
 *   that address for `addressWindowSec` whatever the account. Attempts are
 *   counted up front (a success gives its point back), so concurrent requests
 *   cannot overshoot the limit.
 *
 * Refusals cost two Redis reads and no password hashing. Every key expires.
 */
export class RedisLoginThrottle implements LoginThrottle {
  private readonly free: number;
  private readonly maxDelaySec: number;
  /** Consecutive failures per (address, account). */
  private readonly failures: RateLimiterRedis;
  /** Per (address, account): 1 point = one attempt may run; held while waiting out a delay. */
  private readonly gate: RateLimiterRedis;
  /** Attempts per address not (yet) redeemed by a success. */
  private readonly address: RateLimiterRedis;

  constructor(o: RedisLoginThrottleOptions) {
    this.free = o.freeFailures ?? 5;
    this.maxDelaySec = o.maxDelaySec ?? 900;
    const window = o.addressWindowSec ?? 900;
    const p = `${o.prefix}:login`;
    this.failures = redisCounter({
      redis: o.redis,
      keyPrefix: `${p}:fails`,
      points: this.free,
      durationSec: o.failureMemorySec ?? 86_400,
    });
    this.gate = redisCounter({ redis: o.redis, keyPrefix: `${p}:gate`, points: 1, durationSec: LEASE_SEC });
    this.address = redisCounter({
      redis: o.redis,
      keyPrefix: `${p}:addr`,
      points: o.addressFailures ?? 20,
      durationSec: window,
      blockSec: window,
    });
  }

  async admit(key: LoginKey): Promise<number> {
    const pair = pairKey(key);
    const addr = addressKey(key.address);
    const [fails, seen] = await Promise.all([this.failures.get(pair), this.address.get(addr)]);
    if (seen && seen.consumedPoints >= this.address.points) return secondsFor(seen.msBeforeNext);
    const gated = (fails?.consumedPoints ?? 0) >= this.free;
    if (gated) {
      const wait = await take(this.gate, pair);
      if (wait > 0) return wait;
    }
    const wait = await take(this.address, addr);
    if (wait > 0 && gated) await this.gate.delete(pair);
    return wait;
  }

  async failed(key: LoginKey): Promise<void> {
    const pair = pairKey(key);
    const n = (await this.failures.penalty(pair)).consumedPoints;
    if (n >= this.free) await this.gate.set(pair, 1, this.delaySec(n));
  }

  async succeeded(key: LoginKey): Promise<void> {
    const pair = pairKey(key);
    await Promise.all([
      this.failures.delete(pair),
      this.gate.delete(pair),
      this.address.reward(addressKey(key.address)),
    ]);
  }

  /** Wait after the n-th consecutive failure (n ≥ free): 1 s, 2 s, 4 s, … capped. */
  private delaySec(n: number): number {
    return Math.min(this.maxDelaySec, 2 ** Math.min(n - this.free, 30));
  }
}

/** Hashed, so Redis holds neither emails nor unbounded attacker-chosen key lengths. */
function pairKey(key: LoginKey): string {
  const email = key.email.trim().toLowerCase();
  return createHash("sha256")
    .update(`${addressKey(key.address)}\n${email}`)
    .digest("base64url")
    .slice(0, 32);
}
