import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Redis } from "ioredis";

export type StampCheck = "ok" | "missing" | "invalid" | "expired" | "too_fast";

/**
 * Signed form timestamps for public forms without a session: the form carries
 * `<ms>.<HMAC(secret, scope|ms)>`, and a submission is taken only if the stamp is
 * ours, at least `minAgeMs` old (a person reads and types; a script posts at once)
 * and at most `maxAgeMs` old (a harvested stamp does not last). No third-party
 * service, no script on the page. The secret lives in Redis, so every API process
 * accepts the stamps of every other.
 */
export class FormStamp {
  private secret: Promise<Buffer> | undefined;

  constructor(
    private readonly redis: Pick<Redis, "set" | "get">,
    private readonly prefix: string,
    readonly minAgeMs = 2_000,
    readonly maxAgeMs = 2 * 3600_000,
  ) {}

  private key(): Promise<Buffer> {
    this.secret ??= (async () => {
      const name = `${this.prefix}:public-form-secret`;
      await this.redis.set(name, randomBytes(32).toString("hex"), "NX");
      const value = await this.redis.get(name);
      if (!value) throw new Error("form stamp secret missing in Redis");
      return Buffer.from(value, "hex");
    })().catch((err: unknown) => {
      this.secret = undefined;
      throw err;
    });
    return this.secret;
  }

  private async sign(scope: string, ms: number): Promise<string> {
    return createHmac("sha256", await this.key())
      .update(`${scope}|${ms}`)
      .digest("base64url");
  }

  async issue(scope: string, now = Date.now()): Promise<string> {
    return `${now}.${await this.sign(scope, now)}`;
  }

  async check(scope: string, stamp: string | undefined, now = Date.now()): Promise<StampCheck> {
    if (!stamp) return "missing";
    const m = /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(stamp);
    if (!m) return "invalid";
    const ms = Number(m[1]);
    const expected = Buffer.from(await this.sign(scope, ms));
    const given = Buffer.from(m[2] ?? "");
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
    if (now - ms > this.maxAgeMs || ms > now + 60_000) return "expired";
    if (now - ms < this.minAgeMs) return "too_fast";
    return "ok";
  }
}
