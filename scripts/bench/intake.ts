/**
 * `pnpm bench intake [--seconds=S] [--connections=C]`: load on
 * POST /api/v1/public/{tenant}/reports (real API: SQLite + Redis) and, in the
 * same run, on a bare Hono handler; req/s of each, the ratio and latencies.
 * Servers run in child processes so the load generator does not share their thread.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { arg, table } from "./_util.ts";

const args = process.argv.slice(2);
const SECONDS = arg(args, "seconds", 8);
const CONNECTIONS = arg(args, "connections", 50);
const here = fileURLToPath(new URL(".", import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

async function startServer(argv: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(here, "_intake-server.ts"), ...argv], {
    stdio: ["ignore", "pipe", "inherit"],
    env: process.env,
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, port };
}

async function load(port: number, seconds: number) {
  const body = JSON.stringify({
    text: "Sebarkan!!! Ada pembagian bantuan tunai Rp3,5 juta untuk semua warga, daftar lewat bit.ly/bantuan-warga sebelum kuota habis.",
    url: "https://contoh.test/pesan",
  });
  const r = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/public/bench/reports`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    connections: CONNECTIONS,
    duration: seconds,
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

const dir = mkdtempSync(join(tmpdir(), "klinik-intake-"));
const prefix = `bench-intake-${randomBytes(4).toString("hex")}`;
const bare = await startServer(["bare"]);
const api = await startServer(["api", `sqlite:${join(dir, "bench.sqlite")}`, prefix]);
try {
  console.log(
    `intake bench: ${CONNECTIONS} connections, ${SECONDS} s per run, bare and API alternated (warm-up 2 s each)`,
  );
  await load(bare.port, 2);
  await load(api.port, 2);
  const b1 = await load(bare.port, SECONDS / 2);
  const a1 = await load(api.port, SECONDS / 2);
  const b2 = await load(bare.port, SECONDS / 2);
  const a2 = await load(api.port, SECONDS / 2);
  const bareRps = (b1.rps + b2.rps) / 2;
  const apiRps = (a1.rps + a2.rps) / 2;
  console.log(
    table([
      ["server", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors"],
      [
        "bare Hono handler",
        Math.round(bareRps),
        Math.max(b1.p50, b2.p50),
        Math.max(b1.p99, b2.p99),
        b1.non2xx + b2.non2xx,
        b1.errors + b2.errors,
      ],
      [
        "POST /api/v1/public/{tenant}/reports",
        Math.round(apiRps),
        Math.max(a1.p50, a2.p50),
        Math.max(a1.p99, a2.p99),
        a1.non2xx + a2.non2xx,
        a1.errors + a2.errors,
      ],
    ]),
  );
  console.log(
    `ratio API/bare: ${(apiRps / bareRps).toFixed(2)} (goal ≥ 0.6); API p99 ${Math.max(a1.p99, a2.p99)} ms (goal ≤ 20 ms)`,
  );
} finally {
  for (const s of [bare, api]) s.child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const q = new Queue("classify", { connection, prefix });
  await q.obliterate({ force: true }).catch(() => {});
  await q.close();
  connection.disconnect();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
