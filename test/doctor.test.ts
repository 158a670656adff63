import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDb, testPostgresUrl } from "@klinik/db/testing";
import { Redis } from "ioredis";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smtpSink } from "./support/smtp-sink.ts";

const ROOT = new URL("..", import.meta.url).pathname;

/** `pnpm doctor` as an operator runs it: a child process with its own environment. */
function doctor(env: Record<string, string>, args: string[] = []) {
  return new Promise<{ code: number; lines: string[] }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/doctor.ts", ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "silent", ...env }, timeout: 60_000 },
      (err, stdout) => resolve({ code: err ? Number(err.code ?? 1) : 0, lines: stdout.trim().split("\n") }),
    );
  });
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** A redis-server of this test's own (never the shared one), started with `args`. */
async function ownRedis(args: string[]): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "klinik-doctor-redis-"));
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--daemonize", "no", ...args],
    { stdio: "ignore" },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const r = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    r.on("error", () => {});
    const up = await r.connect().then(
      () => true,
      () => false,
    );
    r.disconnect();
    if (up) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  return {
    url,
    stop() {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const line = (lines: string[], check: string) => lines.find((l) => l.slice(6).startsWith(`${check}:`)) ?? "";

describe("pnpm doctor", () => {
  const stops: (() => unknown)[] = [];
  let durable: { url: string };
  let volatile: { url: string };
  let noConfig: { url: string };
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  let sqlite: Awaited<ReturnType<typeof createTestDb>>;
  let migrated: Awaited<ReturnType<typeof createTestDb>>;
  let empty: string;

  beforeAll(async () => {
    const started = await Promise.all([
      ownRedis(["--appendonly", "yes", "--save", "", "--maxmemory-policy", "noeviction"]),
      ownRedis(["--appendonly", "no", "--save", "", "--maxmemory-policy", "allkeys-lru"]),
      // A managed Redis that hides CONFIG.
      ownRedis(["--appendonly", "yes", "--rename-command", "CONFIG", ""]),
    ]);
    [durable, volatile, noConfig] = started;
    for (const r of started) stops.push(() => r.stop());
    sink = await smtpSink();
    stops.push(() => sink.close());
    sqlite = await createTestDb("sqlite");
    stops.push(() => sqlite.close());
    if (testPostgresUrl()) {
      // A migrated schema, and an empty one (a release whose migrations were never run).
      const pgdb = await createTestDb("postgres");
      migrated = pgdb;
      empty = `doctor_${randomBytes(5).toString("hex")}`;
      await sql`create schema ${sql.id(empty)}`.execute(pgdb.db);
      stops.push(async () => {
        await sql`drop schema if exists ${sql.id(empty)} cascade`.execute(pgdb.db);
        await pgdb.close();
      });
    }
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  it("passes an embedded instance that is set up right, one ok line per check", async () => {
    const { code, lines } = await doctor({ DATABASE_URL: sqlite.url, REDIS_URL: durable.url, SMTP_URL: sink.url });
    expect(code).toBe(0);
    expect(lines.filter((l) => /^(WARN|ERROR)/.test(l))).toEqual([]);
    expect(line(lines, "redis persistence")).toMatch(/^ok +redis persistence: appendonly yes/);
    expect(line(lines, "migrations")).toMatch(/^ok/);
    expect(line(lines, "smtp")).toMatch(/^ok +smtp: 127\.0\.0\.1:\d+ answers \(220/);
    expect(lines.at(-1)).toBe("No errors (0 warning(s)).");
  });

  it("says what to fix, one line each, and exits 1", async () => {
    const closed = await freePort();
    const { code, lines } = await doctor({
      DATABASE_URL: `sqlite:${join(tmpdir(), `klinik-none-${randomBytes(4).toString("hex")}`, "x.sqlite")}`,
      REDIS_URL: volatile.url,
      SMTP_URL: `smtp://127.0.0.1:${closed}`,
      KLINIK_ALLOW_PRIVATE_FEEDS: "true",
      PUBLIC_BASE_URL: "https://klinik.example.id",
      HOST: "0.0.0.0",
    });
    expect(code).toBe(1);
    expect(line(lines, "redis persistence")).toMatch(/^WARN .*nothing is written to disk.*set appendonly yes/);
    expect(line(lines, "redis eviction")).toMatch(/^ERROR .*allkeys-lru.*set maxmemory-policy noeviction/);
    expect(line(lines, "database")).toMatch(/^ERROR .*does not exist yet: run pnpm db:migrate/);
    expect(line(lines, "private feeds")).toMatch(/^WARN .*unset it/);
    expect(line(lines, "trust proxy")).toMatch(/^ERROR .*set TRUST_PROXY=1/);
    expect(line(lines, "smtp")).toMatch(/^ERROR .*ECONNREFUSED/);
    expect(lines.at(-1)).toMatch(/^4 error\(s\), 2 warning\(s\)\.$/);
  });

  it("tolerates a Redis without CONFIG and names a bad setting without a stack trace", async () => {
    const hidden = await doctor({ DATABASE_URL: sqlite.url, REDIS_URL: noConfig.url });
    expect(line(hidden.lines, "redis persistence")).toMatch(/^WARN .*cannot read the settings.*appendonly yes/);
    expect(hidden.code).toBe(0);
    const bad = await doctor({ DATABASE_URL: "mysql://x", TRUST_PROXY: "maybe" });
    expect(bad.code).toBe(1);
    expect(bad.lines).toEqual([
      expect.stringMatching(/^ERROR config: DATABASE_URL: must start with sqlite:/),
      expect.stringMatching(/^ERROR config: TRUST_PROXY: must be true, false or a number/),
    ]);
  });

  describe.runIf(testPostgresUrl())("on Postgres (shared deployment)", () => {
    const inSchema = (schema: string) =>
      `${testPostgresUrl()}${testPostgresUrl()?.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

    it("passes a shared deployment behind a proxy whose pools fit the server", async () => {
      const { code, lines } = await doctor({
        DATABASE_URL: inSchema(migrated.schema ?? ""),
        REDIS_URL: durable.url,
        SMTP_URL: sink.url,
        PUBLIC_BASE_URL: "https://klinik.example.id",
        TRUST_PROXY: "1",
        METRICS_TOKEN: "scraper-token-0123456789abcdefghijklmnop",
        DATABASE_POOL_SIZE: "5",
      });
      expect(lines.filter((l) => !l.startsWith("ok") && !l.startsWith("Klinik") && !l.startsWith("No"))).toEqual([]);
      expect(code).toBe(0);
      expect(line(lines, "postgres connections")).toMatch(
        /^ok +postgres connections: 3 processes .* × DATABASE_POOL_SIZE 5 \+ 2 = 17 connections of /,
      );
    });

    it("refuses what a shared deployment cannot run with", async () => {
      const { code, lines } = await doctor(
        {
          DATABASE_URL: inSchema(empty),
          REDIS_URL: volatile.url,
          KLINIK_ALLOW_PRIVATE_FEEDS: "1",
          PUBLIC_BASE_URL: "http://klinik.example.id",
          DATABASE_POOL_SIZE: "20",
        },
        ["--api=2", "--ingest=2", "--classifier=4"],
      );
      expect(code).toBe(1);
      expect(line(lines, "redis persistence")).toMatch(/^ERROR .*a Redis restart loses every queued job/);
      expect(line(lines, "migrations")).toMatch(/^ERROR +migrations: \d+ not run .*run pnpm db:migrate/);
      expect(line(lines, "postgres connections")).toMatch(
        /^ERROR .*8 processes .* = 162 connections of \d+ .*set DATABASE_POOL_SIZE=\d+ or raise max_connections/,
      );
      expect(line(lines, "private feeds")).toMatch(/^ERROR/);
      expect(line(lines, "public base url")).toMatch(/^ERROR .*not https/);
    });
  });
});
