import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { redisAnswers } from "./redis.ts";

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A redis-server of the test's own on a free port (the shared one is never restarted),
 * with its files in a temporary folder. `restart()` kills it (SIGKILL) and starts it
 * again on the same port: what it kept depends on `args` (e.g. `--appendonly no`).
 */
export async function startPrivateRedis(args: string[] = ["--appendonly", "no", "--save", ""]) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "klinik-redis-"));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, ...args], {
      stdio: "ignore",
    });
    for (let i = 0; i < 100; i++) {
      if (await redisAnswers(url)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not start on port ${port}`);
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise((r) => {
      c.once("exit", r);
      c.kill("SIGKILL");
    });
  };
  await start();
  return {
    url,
    async restart(downMs = 0) {
      await kill();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
