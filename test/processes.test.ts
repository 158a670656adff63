import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createTestDb } from "@klinik/db/testing";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { REDIS_URL, waitFor } from "./support/harness.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function run(entry: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", entry], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, LOG_LEVEL: "silent", REDIS_URL, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    // A start on a loaded 2-core CI machine can take 20 s and more; the test waits for the exit.
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe("processes fail at start with a clear message", { timeout: 90_000 }, () => {
  it("classifier: missing model file", async () => {
    const db = await createTestDb("sqlite");
    const r = await run("workers/classifier/src/main.ts", {
      DATABASE_URL: db.url,
      KLINIK_MODEL_PATH: "/nonexistent/model.json",
    });
    await db.close();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("classifier: start failed: cannot load scorer model /nonexistent/model.json");
  });

  it("classifier: corrupt model file", async () => {
    const db = await createTestDb("sqlite");
    const bad = db.url.replace(/^sqlite:/, "").replace(/test\.sqlite$/, "model.json");
    writeFileSync(bad, '{"format": "klinik-lr", "weights": [1, 2');
    const r = await run("workers/classifier/src/main.ts", { DATABASE_URL: db.url, KLINIK_MODEL_PATH: bad });
    await db.close();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot load scorer model/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("embedded start: a missing model stops the whole start with the reason", async () => {
    const db = await createTestDb("sqlite");
    const r = await run("scripts/start.ts", {
      DATABASE_URL: db.url,
      PORT: "0",
      KLINIK_MODEL_PATH: "/nonexistent/model.json",
    });
    await db.close();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cannot load scorer model /nonexistent/model.json");
    expect(r.stderr).toContain("Start failed: workers/classifier/src/main.ts exited with code 1 before it was ready");
  });

  it("api: invalid configuration names the variable", async () => {
    const r = await run("services/api/src/main.ts", { PORT: "seventy", DATABASE_URL: "mysql://x" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("api: Invalid configuration");
    expect(r.stderr).toContain("PORT");
    expect(r.stderr).toContain("DATABASE_URL");
  });
});

/** `pnpm start` in a child process; resolves with its URL once it prints that it is running. */
async function startEmbedded(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, LOG_LEVEL: "silent", REDIS_URL, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`start exited with ${child.exitCode}:\n${output}`);
        return /API:\s+(http:\/\/\S+)\/api\/v1/.exec(output)?.[1];
      },
      "pnpm start to be running",
      80_000,
    );
    return { url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

describe("embedded start (pnpm start)", () => {
  it("ingests the bundled demo feeds but refuses a clinic's source on a loopback address", async () => {
    const db = await createTestDb("sqlite");
    const prefix = `test-start-${randomBytes(5).toString("hex")}`;
    const internalHits: string[] = [];
    const internal = createServer((req, res) => {
      internalHits.push(req.url ?? "");
      res.writeHead(200, { "content-type": "application/rss+xml" }).end("<rss version='2.0'><channel/></rss>");
    });
    await new Promise<void>((r) => internal.listen(0, "127.0.0.1", r));
    const internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}/admin/status`;
    const password = "kata-sandi-start";
    const app = await startEmbedded({
      DATABASE_URL: db.url,
      PORT: "0",
      QUEUE_PREFIX: prefix,
      KLINIK_ADMIN_PASSWORD: password,
    });
    try {
      const demoItems = await waitFor(
        async () => {
          const rows = await db.db
            .selectFrom("items")
            .innerJoin("sources", "sources.id", "items.source_id")
            .select(["sources.url"])
            .where("sources.url", "like", `${app.url}/demo/feeds/%`)
            .execute();
          return new Set(rows.map((r) => r.url)).size === 2 ? rows : undefined;
        },
        "items from both demo feeds",
        30_000,
      );
      expect(demoItems.length).toBeGreaterThan(2);

      const api = async (method: string, path: string, body?: unknown, token?: string) => {
        const res = await fetch(`${app.url}/api/v1${path}`, {
          method,
          headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: res.status, body: (await res.json()) as any };
      };
      const login = await api("POST", "/auth/login", { email: "admin@demo.klinik.local", password });
      expect(login.status).toBe(200);
      const token: string = login.body.token;
      const created = await api("POST", "/sources", { kind: "rss", name: "Internal", url: internalUrl }, token);
      // Refused at creation or on its first fetch: either way the internal service is never asked.
      expect([201, 400]).toContain(created.status);
      if (created.status === 201) {
        const source = await waitFor(
          async () => {
            const list = await api("GET", "/sources", undefined, token);
            const row = list.body.data.find((s: { id: string }) => s.id === created.body.id);
            return row?.lastError || row?.lastFetchAt ? row : undefined;
          },
          "the loopback source to be tried",
          20_000,
        );
        expect(source.lastError).toMatch(/private, local or reserved network address/);
        expect(source.itemsAdded).toBe(0);
      }
      expect(internalHits).toEqual([]);
    } finally {
      await app.stop();
      await new Promise<void>((r) => internal.close(() => r()));
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      await db.close();
    }
  }, 150_000);
});
