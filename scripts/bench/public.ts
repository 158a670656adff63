/**
 * `pnpm bench public [--seconds=S] [--rounds=R] [--connections=C]`: a viral hoax sends
 * everyone to one page. Load on the public clarification page (GET /k/{slug}/klarifikasi/{id},
 * the real API as production starts it: startApi → createApp, SQLite + Redis, every
 * middleware), on the public check (POST /api/v1/public/{tenant}/check) and, in the same
 * run, on a bare Hono handler answering a page of the same size. The targets alternate,
 * S seconds each, for R rounds; each round gives its own page/bare ratio and the figure is
 * the median of them (goal ≥ 0.5), so a burst of load from elsewhere on the machine moves
 * one round, not the result. Servers run in child processes so the load generator does
 * not share their thread. The API logs as production does by default (an access line per
 * request at `info`), to a file: the bench prints how many lines it wrote.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import { startBenchServer, summariseRuns } from "./_http-load.ts";
import { arg, table } from "./_util.ts";

const args = process.argv.slice(2);
const SECONDS = arg(args, "seconds", 4);
const ROUNDS = arg(args, "rounds", 5);
const CONNECTIONS = arg(args, "connections", 50);
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

async function startServer(argv: string[]) {
  const s = await startBenchServer("_public-server.ts", argv);
  return { ...s, id: s.id ?? "x" };
}

type Target = { name: string; url: string; method?: "GET" | "POST"; body?: string; pid: number | undefined };

/**
 * CPU time (user + system, µs) a server process has used, from /proc; undefined where
 * there is none. Per request it is less moved by other load than req/s: the load
 * generator shares the cores, so a round's req/s is partly its share of them.
 */
function cpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return undefined;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}
/** Linux's USER_HZ, what /proc counts CPU time in. */
const CLOCK_TICKS = 100;

async function load(t: Target, seconds: number) {
  const cpu0 = cpuMicros(t.pid);
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
    cpuPerRequest: cpu0 === undefined ? Number.NaN : ((cpuMicros(t.pid) ?? Number.NaN) - cpu0) / r.requests.total,
  };
}

const dir = mkdtempSync(join(tmpdir(), "klinik-public-"));
const prefix = `bench-public-${randomBytes(4).toString("hex")}`;
const logFile = join(dir, "api.log");
const api = await startServer(["api", `sqlite:${join(dir, "bench.sqlite")}`, prefix, logFile]);
const pagePath = `/k/bench/klarifikasi/${api.id}`;
const size = (await (await fetch(`http://127.0.0.1:${api.port}${pagePath}`)).text()).length;
const bare = await startServer(["bare", String(size)]);
try {
  console.log(
    `public bench: ${CONNECTIONS} connections, ${SECONDS} s per target per round, ${ROUNDS} alternated rounds (warm-up 2 s each); page ${size} bytes`,
  );
  const targets: Target[] = [
    {
      name: "bare Hono handler (same-size page)",
      url: `http://127.0.0.1:${bare.port}${pagePath}`,
      pid: bare.child.pid,
    },
    { name: "GET /k/{slug}/klarifikasi/{id}", url: `http://127.0.0.1:${api.port}${pagePath}`, pid: api.child.pid },
    {
      pid: api.child.pid,
      name: "POST /api/v1/public/{tenant}/check",
      url: `http://127.0.0.1:${api.port}/api/v1/public/bench/check`,
      method: "POST",
      body: JSON.stringify({ text: "katanya whatsapp mulai besok bayar 5 ribu per bulan kalau tidak diteruskan" }),
    },
  ];
  for (const t of targets) await load(t, 2);
  const runs: Awaited<ReturnType<typeof load>>[][] = targets.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, t] of targets.entries()) runs[i]?.push(await load(t, SECONDS));
  }
  const summary = runs.map(summariseRuns);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  console.log(
    table([
      ["target", "req/s median", "req/s per round", "server CPU µs/req", "p50 ms", "p99 ms", "non-2xx", "errors"],
      ...summary.map((m, i) => [
        targets[i]?.name ?? "",
        Math.round(median((runs[i] ?? []).map((r) => r.rps))),
        (runs[i] ?? []).map((r) => Math.round(r.rps)).join(" / "),
        median((runs[i] ?? []).map((r) => r.cpuPerRequest)).toFixed(1),
        m.p50,
        m.p99,
        m.non2xx,
        m.errors,
      ]),
    ]),
  );
  const [bareRuns = [], pageRuns = [], checkRuns = []] = runs;
  const ratios = (of: (typeof runs)[0]) => of.map((r, i) => r.rps / (bareRuns[i]?.rps ?? Number.NaN));
  const pageRatios = ratios(pageRuns);
  const cpuRatios = pageRuns.map((r, i) => (bareRuns[i]?.cpuPerRequest ?? Number.NaN) / r.cpuPerRequest);
  console.log(
    `page/bare per round: ${pageRatios.map((r) => r.toFixed(2)).join(" / ")} → median ${median(pageRatios).toFixed(2)} (goal ≥ 0.5); ` +
      `check/bare median ${median(ratios(checkRuns)).toFixed(2)}; p50/p99 are the worst round's`,
  );
  console.log(
    `server CPU per request, bare/page per round: ${cpuRatios.map((r) => r.toFixed(2)).join(" / ")} → median ${median(cpuRatios).toFixed(2)} ` +
      "(the page's cost beside bare Hono's, less moved by the load generator's share of the cores)",
  );
  const lines = readFileSync(logFile, "utf8").split("\n");
  const access = lines.filter((l) => l.includes('"msg":"http"')).length;
  console.log(`API log: ${access} access lines (level info, written to a file), ${lines.length - 1} lines in all`);
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
