import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb, pingDb } from "@klinik/db";
import { freePort } from "./private-redis.ts";

const PG_ROOT = "/usr/lib/postgresql";

/**
 * The bin folder of the newest Postgres Debian's postgresql package installed
 * (/usr/lib/postgresql/<version>/bin), or null when there is none.
 */
export function postgresBinDir(): string | null {
  if (!existsSync(PG_ROOT)) return null;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => existsSync(join(PG_ROOT, v, "bin", "initdb")) && existsSync(join(PG_ROOT, v, "bin", "pg_ctl")))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions[0] ? join(PG_ROOT, versions[0], "bin") : null;
}

export type StopMode = "fast" | "immediate";

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust, no password). */
  url: string;
  port: number;
  stop(mode?: StopMode): Promise<void>;
  start(): Promise<void>;
  /** Stops it (`immediate`: as a crash would; `fast`: as a service restart does), waits `downMs`, starts it again. */
  restart(mode?: StopMode, downMs?: number): Promise<void>;
  /** Stops it and removes its data folder. */
  destroy(): Promise<void>;
}

/**
 * A Postgres of the test's own (the shared one on 5432 is never touched): initdb into a
 * temporary folder, a free port on 127.0.0.1 and its unix socket in that folder, fsync
 * off. Run as the `postgres` OS user when this process is root (initdb refuses root).
 * Stopped and removed by `destroy()`, or when this process exits.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(`no Postgres binaries under ${PG_ROOT} (Debian's postgresql package)`);
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "klinik-pg-"));
  const data = join(dir, "data");
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, tool), ...args]] : [join(bin, tool), args];
  // Asynchronous: the caller's event loop (a test's feed server, its HTTP clients) keeps running.
  const run = (tool: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [cmd, argv] = command(tool, args);
      const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.once("error", reject);
      child.once("exit", (code, signal) =>
        code === 0
          ? resolve()
          : reject(new Error(`${tool} ${args.join(" ")} failed (${code ?? signal}): ${out}`.trim())),
      );
    });
  await run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
  const port = await freePort();
  writeFileSync(
    join(data, "postgresql.auto.conf"),
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      "fsync = off",
      "max_connections = 200",
      "shared_buffers = 64MB",
      "",
    ].join("\n"),
    { flag: "a" },
  );
  const log = join(dir, "postgres.log");
  let running = false;
  const start = async () => {
    await run("pg_ctl", ["-D", data, "-l", log, "-w", "-t", "120", "start"]);
    running = true;
  };
  const stop = async (mode: StopMode = "fast") => {
    if (!running) return;
    await run("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "120", "stop"]);
    running = false;
  };
  // A test that fails (or a run interrupted) must not leave a postmaster behind.
  const onExit = () => {
    if (!running) return;
    spawnSync(...command("pg_ctl", ["-D", data, "-m", "immediate", "stop"]));
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", onExit);
  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    start,
    stop,
    async restart(mode = "immediate", downMs = 0) {
      await stop(mode);
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    async destroy() {
      process.off("exit", onExit);
      await stop("immediate").catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether a query on `url` answers now. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const h = openDb(url, { poolSize: 1, onIdleError: () => {} });
  try {
    await pingDb(h.db);
    return true;
  } catch {
    return false;
  } finally {
    await h.close().catch(() => {});
  }
}
