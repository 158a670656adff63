import { type ChildProcess, spawn } from "node:child_process";
import { Agent, request as httpRequest } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

/**
 * Starts one of the benches' servers (`scripts/bench/<script>`) in a child process, so the
 * load generator does not share its thread; resolves once it prints `PORT <n> [ID <id>]`.
 */
export function startBenchServer(
  script: string,
  argv: string[],
): Promise<{ child: ChildProcess; port: number; id: string | undefined }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(here, script), ...argv], {
    stdio: ["ignore", "pipe", "inherit"],
    env: process.env,
  });
  return new Promise((resolve, reject) => {
    let out: string | undefined = "";
    child.stdout?.on("data", (d: Buffer) => {
      // Kept only until the port is known; what the server prints later is read and dropped.
      if (out === undefined) return;
      out += d.toString();
      const m = /PORT (\d+)(?: ID (\S+))?/.exec(out);
      if (!m) return;
      out = undefined;
      resolve({ child, port: Number(m[1]), id: m[2] });
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

export interface LoadRun {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** One target's alternated runs in one figure: mean req/s, the worst p50/p99, the sums of failures. */
export function summariseRuns(runs: readonly LoadRun[]): LoadRun {
  return {
    rps: runs.reduce((a, x) => a + x.rps, 0) / runs.length,
    p50: Math.max(...runs.map((x) => x.p50)),
    p99: Math.max(...runs.map((x) => x.p99)),
    non2xx: runs.reduce((a, x) => a + x.non2xx, 0),
    errors: runs.reduce((a, x) => a + x.errors, 0),
  };
}

export interface OpenLoadRun {
  /** Answers per second over the run. */
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers other than 2xx, and requests that failed or were still unanswered at the end. */
  failed: number;
}

/**
 * Requests arriving on their own at `rate` per second on average (Poisson arrivals,
 * seeded), carried over at most `connections` kept-alive connections; each latency runs
 * from the moment the request arrived (was due) to the last byte of its answer, so time
 * spent waiting for a free connection or behind a stalled server counts.
 *
 * Why not autocannon's `overallRate`: each of its connections sends its share of the
 * second back to back at the start of every second (all 50 at once at 2 req/s each), and
 * its coordinated-omission correction takes ⌈1/rate⌉ = 1 ms as the expected interval, so
 * a 40 ms answer is recorded 40 times — its p99 measured once-a-second bursts of 50,
 * mostly counted many times. Latencies here are counted once each.
 */
export async function openLoad(opts: {
  url: string;
  rate: number;
  connections: number;
  seconds: number;
  method?: "GET" | "POST";
  /** The body of the i-th request (sent as application/json); none for GET. */
  body?: (i: number) => string;
  seed?: number;
}): Promise<OpenLoadRun> {
  const url = new URL(opts.url);
  // fifo: the free connections take turns, so all of them carry requests.
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections, scheduling: "fifo" });
  let x = (opts.seed ?? 1) >>> 0 || 1;
  const uniform = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) + 0.5) / 2 ** 32;
  };
  const ms: number[] = [];
  let failed = 0;
  let pending = 0;
  const send = (i: number, due: number) => {
    pending += 1;
    const body = opts.body?.(i);
    const req = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: opts.method ?? "GET",
        headers:
          body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.once("end", () => {
          pending -= 1;
          if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300) ms.push(performance.now() - due);
          else failed += 1;
        });
      },
    );
    req.once("error", () => {
      pending -= 1;
      failed += 1;
    });
    req.end(body);
  };
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  let due = start;
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (due <= now && due < end) {
        send(i++, due);
        due += -Math.log(uniform()) * (1000 / opts.rate);
      }
      if (due >= end) resolve();
      else setTimeout(tick, Math.max(0, Math.min(due - performance.now(), 5)));
    };
    tick();
  });
  // Answers still on their way are waited for (up to 10 s), then counted as failed.
  const deadline = performance.now() + 10_000;
  while (pending > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  failed += pending;
  agent.destroy();
  const elapsed = (performance.now() - start) / 1000;
  ms.sort((a, b) => a - b);
  const at = (p: number) =>
    round(ms[Math.min(ms.length - 1, Math.max(0, Math.ceil((p / 100) * ms.length) - 1))] ?? NaN);
  return { rps: Math.round(ms.length / elapsed), p50: at(50), p99: at(99), max: round(ms.at(-1) ?? NaN), failed };
}

const round = (x: number) => Math.round(x * 10) / 10;
