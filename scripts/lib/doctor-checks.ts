import { existsSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { Config } from "@klinik/config";
import { openDb, pendingMigrations, postgresConnections } from "@klinik/db";
import { redisPersistence } from "@klinik/queue";
import { Redis } from "ioredis";

/** One line of `pnpm doctor`: what was checked, and what to do when it is not right. */
export interface Finding {
  level: "ok" | "info" | "warn" | "error";
  check: string;
  message: string;
}

/** How many processes of each kind the deployment runs (each opens its own Postgres pool). */
export interface Processes {
  api: number;
  ingest: number;
  classifier: number;
}

const f = (level: Finding["level"], check: string, message: string): Finding => ({ level, check, message });
const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export const isShared = (config: Config) => config.DATABASE_URL.startsWith("postgres");

/** Persistence and eviction of the Redis that holds every queued job and schedule. */
export async function checkRedis(config: Config): Promise<Finding[]> {
  const shared = isShared(config);
  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
  } catch (err) {
    return [f("error", "redis", `cannot reach REDIS_URL (${errText(err)}): start Redis or fix REDIS_URL`)];
  }
  const out: Finding[] = [];
  try {
    const persistence = await redisPersistence(redis, shared);
    out.push(f(persistence.level, "redis persistence", persistence.message));
    const policy = ((await redis.config("GET", "maxmemory-policy")) as string[])[1] ?? "";
    if (policy === "noeviction") out.push(f("ok", "redis eviction", "maxmemory-policy noeviction"));
    else {
      out.push(
        f(
          "error",
          "redis eviction",
          `maxmemory-policy ${policy}: Redis may delete job keys when full (BullMQ needs noeviction); set maxmemory-policy noeviction`,
        ),
      );
    }
  } catch {
    // CONFIG is refused: redisPersistence has said so already.
  } finally {
    redis.disconnect();
  }
  return out;
}

/** Schema up to date, and (Postgres) every process's pool within the server's connection limit. */
export async function checkDatabase(config: Config, processes: Processes): Promise<Finding[]> {
  const url = config.DATABASE_URL;
  if (url.startsWith("sqlite:") && !existsSync(url.slice("sqlite:".length))) {
    return [f("error", "database", `${url} does not exist yet: run pnpm db:migrate (or pnpm start once)`)];
  }
  const dbh = openDb(url, { poolSize: 1, checkpointEveryMs: 0, onIdleError: () => {} });
  const out: Finding[] = [];
  try {
    const pending = await pendingMigrations(dbh.db);
    out.push(
      pending.length === 0
        ? f("ok", "migrations", "the database has every migration of this release")
        : f(
            "error",
            "migrations",
            `${pending.length} not run (${pending.slice(0, 3).join(", ")}${pending.length > 3 ? ", …" : ""}): run pnpm db:migrate`,
          ),
    );
    if (dbh.dialect !== "postgres") return out;
    const pg = await postgresConnections(dbh.db);
    const count = processes.api + processes.ingest + processes.classifier;
    // One more each for `pnpm db:migrate`, `pnpm admin` and this check.
    const budget = count * config.DATABASE_POOL_SIZE + 2;
    const usable = pg.max - pg.reserved;
    const what =
      `${count} processes (api ${processes.api}, ingest ${processes.ingest}, classifier ${processes.classifier}) × ` +
      `DATABASE_POOL_SIZE ${config.DATABASE_POOL_SIZE} + 2 = ${budget} connections of ${usable} ` +
      `(max_connections ${pg.max} − ${pg.reserved} reserved; ${pg.inUse} open now)`;
    const fit = Math.max(1, Math.floor((usable - 2) / count));
    if (budget > usable) {
      out.push(f("error", "postgres connections", `${what}: set DATABASE_POOL_SIZE=${fit} or raise max_connections`));
    } else if (budget > usable * 0.8) {
      out.push(f("warn", "postgres connections", `${what}: little room left for more processes`));
    } else out.push(f("ok", "postgres connections", what));
  } catch (err) {
    out.push(f("error", "database", `cannot read DATABASE_URL (${errText(err)})`));
  } finally {
    await dbh.close();
  }
  return out;
}

const LOOPBACK = /^(127\.|::1$|localhost$)/;
const PRIVATE = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|fd|fc)/;

/** Settings that are wrong for a shared instance whatever the infrastructure says. */
export function checkSettings(config: Config): Finding[] {
  const shared = isShared(config);
  const out: Finding[] = [];
  if (config.KLINIK_ALLOW_PRIVATE_FEEDS) {
    out.push(
      f(
        shared ? "error" : "warn",
        "private feeds",
        "KLINIK_ALLOW_PRIVATE_FEEDS is on: a clinic's feed URL can reach this network's private and loopback addresses; unset it",
      ),
    );
  } else out.push(f("ok", "private feeds", "feeds never reach private or loopback addresses"));

  const base = config.PUBLIC_BASE_URL ? new URL(config.PUBLIC_BASE_URL) : undefined;
  if (!base) {
    out.push(
      f(
        shared ? "error" : "info",
        "public base url",
        "PUBLIC_BASE_URL is unset: invitation and reset links take the address the admin's browser used; set PUBLIC_BASE_URL=https://<your host>",
      ),
    );
  } else if (base.protocol !== "https:" && shared) {
    out.push(
      f("error", "public base url", `${base.origin} is not https: links and session cookies would travel in clear`),
    );
  } else out.push(f("ok", "public base url", base.origin));

  // The API speaks plain HTTP: an https address means something in front of it terminates TLS.
  const proxied = base?.protocol === "https:";
  const local = LOOPBACK.test(config.HOST) || PRIVATE.test(config.HOST);
  if (proxied && config.TRUST_PROXY === 0) {
    out.push(
      f(
        "error",
        "trust proxy",
        "PUBLIC_BASE_URL is https but TRUST_PROXY is off: behind the proxy every client has its address, so one client's rate limit and login throttle hit everyone; set TRUST_PROXY=1 (or the number of proxies)",
      ),
    );
  } else if (config.TRUST_PROXY > 0 && !local) {
    out.push(
      f(
        "warn",
        "trust proxy",
        `TRUST_PROXY=${config.TRUST_PROXY} but HOST=${config.HOST}: clients that reach the API past the proxy choose their own X-Forwarded-For; listen on 127.0.0.1 or a private address`,
      ),
    );
  } else {
    out.push(
      f("ok", "trust proxy", config.TRUST_PROXY > 0 ? `${config.TRUST_PROXY} proxy hop(s)` : "no proxy in front"),
    );
  }
  out.push(
    config.METRICS_TOKEN
      ? f("ok", "metrics", "a scraper reads /metrics with METRICS_TOKEN")
      : f("info", "metrics", "METRICS_TOKEN is unset: only an operator's session reads /metrics"),
  );
  return out;
}

/** The SMTP server's greeting (220) within a few seconds, over TLS for smtps. */
export async function checkSmtp(config: Config): Promise<Finding[]> {
  if (!config.SMTP_URL) {
    return [f("info", "smtp", "SMTP_URL is unset: invitation and reset links are shown to the admin, not emailed")];
  }
  const u = new URL(config.SMTP_URL);
  if (u.protocol !== "smtp:" && u.protocol !== "smtps:") {
    return [f("error", "smtp", `SMTP_URL must start with smtp:// or smtps:// (got ${u.protocol})`)];
  }
  const secure = u.protocol === "smtps:";
  const port = Number(u.port || (secure ? 465 : 587));
  const host = u.hostname;
  const greeting = await new Promise<string>((resolve, reject) => {
    const socket = secure ? tlsConnect({ host, port, servername: host }) : tcpConnect({ host, port });
    const timer = setTimeout(() => socket.destroy(new Error("no answer in 5 s")), 5_000);
    socket.once("data", (d) => {
      clearTimeout(timer);
      socket.end("QUIT\r\n");
      resolve(String(d).split("\r\n")[0] ?? "");
    });
    socket.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  }).catch((err: unknown) => `! ${errText(err)}`);
  if (greeting.startsWith("220")) return [f("ok", "smtp", `${host}:${port} answers (${greeting.slice(0, 60)})`)];
  return [
    f(
      "error",
      "smtp",
      `cannot talk to ${host}:${port} (${greeting.replace(/^! /, "")}): invitations would not be emailed`,
    ),
  ];
}
