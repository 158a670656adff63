import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { Redis } from "ioredis";

/** Whether a Redis answers PING at `url` within 1.5 s (never retries, never throws). */
export async function redisAnswers(url: string): Promise<boolean> {
  const r = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1500,
  });
  r.on("error", () => {});
  try {
    await r.connect();
    return (await r.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

/**
 * Makes sure a Redis answers at `url`. If none does and `redis-server` is on the
 * PATH, starts one on that port with its files under `dataDir` and returns a
 * function that stops it. Otherwise throws with install instructions.
 */
export async function ensureRedis(
  url: string,
  dataDir: string,
): Promise<{ started: boolean; stop: () => Promise<void> }> {
  if (await redisAnswers(url)) return { started: false, stop: async () => {} };
  const u = new URL(url);
  const local = ["127.0.0.1", "localhost", "::1", "[::1]"].includes(u.hostname);
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  if (!local || which.status !== 0) {
    throw new Error(
      `No Redis answers at ${url}${local ? " and redis-server is not installed" : ""}.\n` +
        "Install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis)\n" +
        "or point REDIS_URL at a running Redis.",
    );
  }
  const dir = resolve(dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  const port = u.port || "6379";
  const child = spawn(
    "redis-server",
    ["--port", port, "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", "", "--daemonize", "no"],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(url)) {
      return {
        started: true,
        stop: () =>
          new Promise<void>((res) => {
            if (child.exitCode !== null) return res();
            child.once("exit", () => res());
            child.kill("SIGTERM");
          }),
      };
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server did not start on port ${port}`);
}
