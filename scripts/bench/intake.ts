/**
 * `pnpm bench intake [--seconds=S] [--connections=C]`: load on
 * POST /api/v1/public/{tenant}/reports (real API: SQLite + Redis) and, in the
 * same run, on a bare Hono handler; req/s of each, the ratio and latencies.
 * Servers run in child processes so the load generator does not share their thread.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { startBenchServer, summariseRuns } from "./_http-load.ts";
import { arg, table } from "./_util.ts";

const args = process.argv.slice(2);
const SECONDS = arg(args, "seconds", 8);
const CONNECTIONS = arg(args, "connections", 50);
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

function startServer(argv: string[]) {
  return startBenchServer("_intake-server.ts", argv);
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
const bareJson = await startServer(["bare-json"]);
const api = await startServer(["api", `sqlite:${join(dir, "bench.sqlite")}`, prefix]);
try {
  console.log(`intake bench: ${CONNECTIONS} connections, ${SECONDS} s per server, runs alternated (warm-up 2 s each)`);
  const servers = [
    { name: "bare Hono handler, the API's body reader", port: bare.port },
    { name: "bare Hono handler, c.req.json()", port: bareJson.port },
    { name: "POST /api/v1/public/{tenant}/reports", port: api.port },
  ];
  for (const s of servers) await load(s.port, 2);
  const runs: Awaited<ReturnType<typeof load>>[][] = servers.map(() => []);
  for (let round = 0; round < 2; round++) {
    for (const [i, s] of servers.entries()) runs[i]?.push(await load(s.port, SECONDS / 2));
  }
  const summary = runs.map(summariseRuns);
  console.log(
    table([
      ["server", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors"],
      ...summary.map((m, i) => [servers[i]?.name ?? "", Math.round(m.rps), m.p50, m.p99, m.non2xx, m.errors]),
    ]),
  );
  const [b, bj, a] = summary as [(typeof summary)[0], (typeof summary)[0], (typeof summary)[0]];
  console.log(
    `ratio API/bare: ${(a.rps / b.rps).toFixed(2)} (goal ≥ 0.6; against c.req.json(): ${(a.rps / bj.rps).toFixed(2)}); ` +
      `API p99 ${a.p99} ms (goal ≤ 20 ms; worst of the two runs)`,
  );
} finally {
  for (const s of [bare, bareJson, api]) s.child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const q = new Queue("classify", { connection, prefix });
  await q.obliterate({ force: true }).catch(() => {});
  await q.close();
  connection.disconnect();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
