import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { createTenant, createUser, type DbHandle } from "@klinik/db";
import { createTestDb } from "@klinik/db/testing";
import { createRedis } from "@klinik/queue";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCredentials } from "../credentials.ts";
import { RedisLoginThrottle } from "./login-throttle.ts";
import { RedisRateLimiter } from "./rate-limiter.ts";

// Real Redis, like the API processes share it; every key under this run's prefix.
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `test-throttle-${randomBytes(5).toString("hex")}`;
const OWNER = "pemilik@klinik.test";
const PASSWORD = "kata-sandi-pemilik";
const ATTACKER = "203.0.113.66";
const OWNER_ADDRESS = "198.51.100.7";

let db: DbHandle;
let redis: Redis;

beforeAll(async () => {
  db = await createTestDb("sqlite");
  redis = createRedis(REDIS_URL, "producer");
  // Until it is ready the throttles would quietly count in memory (their insurance).
  if (redis.status !== "ready") await new Promise((r) => redis.once("ready", r));
  const tenant = await createTenant(db.db, { slug: "uji", name: "Klinik Uji" });
  await createUser(db.db, { tenantId: tenant.id, email: OWNER, name: "Pemilik", password: PASSWORD, role: "admin" });
});

afterAll(async () => {
  for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<string[]>) {
    if (keys.length > 0) await redis.unlink(...keys);
  }
  await redis.quit();
  await db.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waits = (rs: { ok: boolean; retryAfterSec?: number | null }[]) => rs.map((r) => (r.ok ? "ok" : r.retryAfterSec));

/** A Redis client pointed at a port nobody listens on. */
async function deadRedis(): Promise<Redis> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  const dead = createRedis(`redis://127.0.0.1:${port}`, "producer");
  dead.on("error", () => {});
  return dead;
}

describe("login throttle", () => {
  it("an attacker guessing the owner's password never locks the owner out; the attacker's waits grow", async () => {
    const throttle = new RedisLoginThrottle({ redis, prefix });
    const guess = { address: ATTACKER, email: OWNER, password: "tebakan" };
    const first = [];
    for (let i = 0; i < 12; i++) first.push(await checkCredentials(db.db, throttle, guess));
    expect(waits(first)).toEqual([null, null, null, null, null, 1, 1, 1, 1, 1, 1, 1]);
    // Throttled means refused before the password is looked at, even the right one.
    expect(await checkCredentials(db.db, throttle, { ...guess, password: PASSWORD })).toEqual({
      ok: false,
      retryAfterSec: 1,
      reason: "throttled",
    });

    const owner = await checkCredentials(db.db, throttle, { address: OWNER_ADDRESS, email: OWNER, password: PASSWORD });
    expect(owner.ok).toBe(true);

    await sleep(1_100);
    expect(waits([await checkCredentials(db.db, throttle, guess)])).toEqual([null]);
    expect(waits([await checkCredentials(db.db, throttle, guess)])).toEqual([2]);
  });

  it("40 different emails from one address: that address is refused, other addresses are not", async () => {
    const throttle = new RedisLoginThrottle({ redis, prefix });
    const address = "203.0.113.40";
    const seen = [];
    for (let i = 0; i < 40; i++) {
      const key = { address, email: `orang${i}@contoh.test` };
      const wait = await throttle.admit(key);
      seen.push(wait);
      if (wait === 0) await throttle.failed(key); // as checkCredentials does after a wrong password
    }
    expect(seen.slice(0, 20)).toEqual(Array(20).fill(0));
    for (const w of seen.slice(20)) expect(w).toBeGreaterThan(600);
    const right = { email: OWNER, password: PASSWORD };
    const fromThere = await checkCredentials(db.db, throttle, { address, ...right });
    expect(!fromThere.ok && fromThere.retryAfterSec).toBeGreaterThan(600);
    expect((await checkCredentials(db.db, throttle, { address: OWNER_ADDRESS, ...right })).ok).toBe(true);
  });

  it("no wholesale reset: a throttled key stays throttled however many other keys fail", async () => {
    const throttle = new RedisLoginThrottle({ redis, prefix, failureMemorySec: 120 });
    const victim = { address: "203.0.113.99", email: "sasaran@contoh.test" };
    for (let i = 0; i < 15; i++) await throttle.failed(victim);
    expect(await throttle.admit(victim)).toBeGreaterThan(60);
    for (let i = 0; i <= 100_000; i += 10_000) {
      await Promise.all(
        Array.from({ length: 10_000 }, (_, j) =>
          throttle.failed({ address: `10.1.${(i + j) >> 8}.${(i + j) & 255}`, email: `x${i + j}@contoh.test` }),
        ),
      );
    }
    expect(await throttle.admit(victim)).toBeGreaterThan(60);
  }, 120_000); // 100,001 failures through Redis: seconds on a busy machine

  it("two throttles on one Redis (two API processes) share the counts", async () => {
    const [a, b] = [new RedisLoginThrottle({ redis, prefix }), new RedisLoginThrottle({ redis, prefix })];
    const pair = { address: "203.0.113.7", email: OWNER };
    for (let i = 0; i < 5; i++) {
      expect(await (i % 2 ? a : b).admit(pair)).toBe(0);
      await (i % 2 ? a : b).failed(pair);
    }
    expect(await a.admit(pair)).toBeGreaterThan(0);
    expect(await b.admit(pair)).toBeGreaterThan(0);

    for (let i = 0; i < 20; i++) {
      const key = { address: "203.0.113.8", email: `orang${i}@contoh.test` };
      expect(await (i % 2 ? a : b).admit(key)).toBe(0);
      await (i % 2 ? a : b).failed(key);
    }
    expect(await a.admit({ address: "203.0.113.8", email: "lain@contoh.test" })).toBeGreaterThan(0);
    expect(await b.admit({ address: "203.0.113.8", email: "lain@contoh.test" })).toBeGreaterThan(0);
  });
});

describe("public request limiter", () => {
  it("admits at most maxPerWindow in any window span, also across a window boundary", async () => {
    // 10 per 2 s in bursts of 5 per 1 s: no 2 s span may hold more than (2 + 1) · 5 = 15.
    const limiter = new RedisRateLimiter({ redis, prefix, name: "edge", limit: 10, windowSec: 2, burst: 5 });
    expect(limiter.maxPerWindow).toBe(15);
    // Start on a clock boundary, so a clock-aligned window would also turn over at +2 s.
    await sleep(2_000 - (Date.now() % 2_000));
    const t0 = Date.now();
    let accepted = 0;
    const burst = async (n: number) => {
      const ws = await Promise.all(Array.from({ length: n }, () => limiter.hit("198.51.100.20")));
      const passed = ws.filter((w) => w === 0).length;
      accepted += passed;
      return passed;
    };
    expect(await burst(5)).toBe(5); // a fresh client may send its burst at once
    await sleep(t0 + 1_700 - Date.now());
    await burst(30); // end of the first window
    await sleep(t0 + 2_100 - Date.now());
    await burst(30); // start of the next: all within 2.1 s
    expect(accepted).toBeLessThanOrEqual(15);
  });

  it("refuses with a wait in seconds once over the limit; limit 0 is off", async () => {
    const limiter = new RedisRateLimiter({ redis, prefix, name: "basic", limit: 60 });
    expect(limiter.maxPerWindow).toBe(70); // 60 per minute in bursts of 10 per 10 s
    const ws = [];
    for (let i = 0; i < 12; i++) ws.push(await limiter.hit("198.51.100.21"));
    expect(ws.slice(0, 10)).toEqual(Array(10).fill(0));
    for (const w of ws.slice(10)) expect(w).toBeGreaterThanOrEqual(1);
    for (const w of ws.slice(10)) expect(w).toBeLessThanOrEqual(10);
    expect(await limiter.hit("198.51.100.22")).toBe(0);
    const off = new RedisRateLimiter({ redis, prefix, name: "off", limit: 0 });
    for (let i = 0; i < 100; i++) expect(await off.hit("198.51.100.21")).toBe(0);
  });

  it("two limiters on one Redis (two API processes) share the counts", async () => {
    const [a, b] = [0, 1].map(() => new RedisRateLimiter({ redis, prefix, name: "shared", limit: 12 }));
    expect(await a?.hit("198.51.100.30")).toBe(0);
    expect(await b?.hit("198.51.100.30")).toBe(0);
    expect(await a?.hit("198.51.100.30")).toBeGreaterThan(0);
    expect(await b?.hit("198.51.100.30")).toBeGreaterThan(0);
  });
});

describe("Redis unreachable", () => {
  it("logins and reports are still limited by the in-memory insurance; nothing throws", async () => {
    const dead = await deadRedis();
    try {
      const throttle = new RedisLoginThrottle({ redis: dead, prefix });
      const owner = { address: OWNER_ADDRESS, email: OWNER, password: PASSWORD };
      expect((await checkCredentials(db.db, throttle, owner)).ok).toBe(true);
      const guesses = [];
      for (let i = 0; i < 7; i++)
        guesses.push(await checkCredentials(db.db, throttle, { ...owner, address: ATTACKER, password: "x" }));
      expect(waits(guesses)).toEqual([null, null, null, null, null, 1, 1]);
      for (let i = 0; i < 20; i++) {
        const key = { address: "203.0.113.50", email: `orang${i}@contoh.test` };
        expect(await throttle.admit(key)).toBe(0);
        await throttle.failed(key);
      }
      expect(await throttle.admit({ address: "203.0.113.50", email: "lain@contoh.test" })).toBeGreaterThan(0);

      const limiter = new RedisRateLimiter({ redis: dead, prefix, limit: 12 });
      expect(await limiter.hit("198.51.100.40")).toBe(0);
      expect(await limiter.hit("198.51.100.40")).toBe(0);
      expect(await limiter.hit("198.51.100.40")).toBeGreaterThan(0);
    } finally {
      dead.disconnect();
    }
  });
});
