/**
 * `pnpm bench public [--seconds=S] [--connections=C]`: a viral hoax sends everyone
 * to one page. Load on the public clarification page (GET /k/{slug}/klarifikasi/{id},
 * the real API: SQLite + Redis, every middleware), on the public check
 * (POST /api/v1/public/{tenant}/check) and, in the same run, on a bare Hono handler
 * answering a page of the same size; req/s, latencies, and page/bare (goal ≥ 0.5).
 * Servers run in child processes so the load generator does not share their thread.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import { startBenchServer, summariseRuns } from "./_http-load.ts";
import { arg, table } from "./_util.ts";

const args = process.argv.slice(2);
const SECONDS = arg(args, "seconds", 8);
const CONNECTIONS = arg(args, "connections", 50);
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

async function startServer(argv: string[]) {
  const s = await startBenchServer("_public-server.ts", argv);
  return { ...s, id: s.id ?? "x" };
}

type Target = { name: string; url: string; method?: "GET" | "POST"; body?: string };

async function load(t: Target, seconds: number) {
  const r = await autocannon({
    url: t.url,
    method: t.method ?? "GET",
    ...(t.body ? { body: t.body, headers: { "content-type": "application/json" } } : {}),
    connections: CONNECTIONS,
    duration: seconds,
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    bytes: r.throughput.average / Math.max(1, r.requests.average),
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

const dir = mkdtempSync(join(tmpdir(), "klinik-public-"));
const prefix = `bench-public-${randomBytes(4).toString("hex")}`;
const api = await startServer(["api", `sqlite:${join(dir, "bench.sqlite")}`, prefix]);
const pagePath = `/k/bench/klarifikasi/${api.id}`;
const size = (await (await fetch(`http://127.0.0.1:${api.port}${pagePath}`)).text()).length;
const bare = await startServer(["bare", String(size)]);
try {
  console.log(
    `public bench: ${CONNECTIONS} connections, ${SECONDS} s per target in two alternated runs (warm-up 2 s each); page ${size} bytes`,
  );
  const targets: Target[] = [
    { name: "bare Hono handler (same-size page)", url: `http://127.0.0.1:${bare.port}${pagePath}` },
    { name: "GET /k/{slug}/klarifikasi/{id}", url: `http://127.0.0.1:${api.port}${pagePath}` },
    {
      name: "POST /api/v1/public/{tenant}/check",
      url: `http://127.0.0.1:${api.port}/api/v1/public/bench/check`,
      method: "POST",
      body: JSON.stringify({ text: "katanya whatsapp mulai besok bayar 5 ribu per bulan kalau tidak diteruskan" }),
    },
  ];
  for (const t of targets) await load(t, 2);
  const runs: Awaited<ReturnType<typeof load>>[][] = targets.map(() => []);
  for (let round = 0; round < 2; round++) {
    for (const [i, t] of targets.entries()) runs[i]?.push(await load(t, SECONDS / 2));
  }
  const summary = runs.map(summariseRuns);
  console.log(
    table([
      ["target", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors"],
      ...summary.map((m, i) => [targets[i]?.name ?? "", Math.round(m.rps), m.p50, m.p99, m.non2xx, m.errors]),
    ]),
  );
  const [b, p, c] = summary as [(typeof summary)[0], (typeof summary)[0], (typeof summary)[0]];
  console.log(
    `ratio page/bare: ${(p.rps / b.rps).toFixed(2)} (goal ≥ 0.5); check/bare: ${(c.rps / b.rps).toFixed(2)}; ` +
      `page p99 ${p.p99} ms, check p99 ${c.p99} ms (worst of the two runs)`,
  );
} finally {
  for (const s of [bare, api]) s.child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<string[]>) {
    if (keys.length > 0) await redis.unlink(...keys);
  }
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
