import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { FormStamp } from "./form-stamp.ts";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const prefix = `test-stamp-${randomBytes(5).toString("hex")}`;
afterAll(async () => {
  await redis.del(`${prefix}:public-form-secret`);
  await redis.quit();
});

describe("FormStamp", () => {
  it("accepts its own stamp after the minimum age, in any process sharing the Redis", async () => {
    const now = Date.now();
    const stamp = await new FormStamp(redis, prefix).issue("lapor:demo", now);
    const other = new FormStamp(redis, prefix);
    expect(await other.check("lapor:demo", stamp, now + 5_000)).toBe("ok");
    expect(await other.check("lapor:demo", stamp, now + 500)).toBe("too_fast");
    expect(await other.check("lapor:demo", stamp, now + 3 * 3600_000)).toBe("expired");
  });

  it("refuses a stamp for another form, a forged one, and none", async () => {
    const s = new FormStamp(redis, prefix);
    const now = Date.now();
    const stamp = await s.issue("lapor:demo", now);
    expect(await s.check("lapor:lain", stamp, now + 5_000)).toBe("invalid");
    expect(await s.check("lapor:demo", `${now}.${"A".repeat(43)}`, now + 5_000)).toBe("invalid");
    expect(await s.check("lapor:demo", "x", now)).toBe("invalid");
    expect(await s.check("lapor:demo", undefined, now)).toBe("missing");
  });
});
