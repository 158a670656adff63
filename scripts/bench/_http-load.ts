import { type ChildProcess, spawn } from "node:child_process";
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
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)(?: ID (\S+))?/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), id: m[2] });
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
