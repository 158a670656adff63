import { Shutdown } from "@klinik/config";
import { openQueues, warnIfRedisForgets } from "@klinik/queue";
import { afterAll, describe, expect, it } from "vitest";
import { startPrivateRedis } from "../scripts/lib/private-redis.ts";
import { waitFor } from "./support/harness.ts";

function capture() {
  const lines: { level: string; msg: string }[] = [];
  const log = (level: string) => (_obj: object, msg?: string) => lines.push({ level, msg: msg ?? "" });
  return { lines, logger: { warn: log("warn"), error: log("error"), info: log("info") } };
}

describe("Redis persistence checked at start of a shared deployment", () => {
  const stops: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  it("says loudly when Redis writes nothing to disk, and nothing when it keeps an append-only file", async () => {
    const redis = await startPrivateRedis(["--appendonly", "no", "--save", ""]);
    stops.push(() => redis.stop());
    const { lines, logger } = capture();
    const shutdown = new Shutdown(logger as never, 5_000);
    stops.push(() => shutdown.run("test done"));
    // A producer connection (the API's): the check waits until it is connected.
    const { connection } = openQueues({
      url: redis.url,
      prefix: "persist",
      role: "producer",
      name: "api",
      logger,
      shutdown,
      shared: true,
    });
    const said = await waitFor(async () => lines.find((l) => l.level === "error"), "the start-up warning", 10_000);
    expect(said.msg).toContain("Redis does not persist");
    expect(said.msg).toContain("set appendonly yes");

    await connection.config("SET", "appendonly", "yes");
    const quiet = capture();
    expect((await warnIfRedisForgets(connection, quiet.logger)).level).toBe("ok");
    expect(quiet.lines).toEqual([]);
  });
});
