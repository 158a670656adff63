import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createTestDb } from "@klinik/db/testing";
import { describe, expect, it } from "vitest";
import { REDIS_URL } from "./support/harness.ts";

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
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe("processes fail at start with a clear message", () => {
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
