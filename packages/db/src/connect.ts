import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { migrationProvider } from "./migrations/index.ts";
import type { Database } from "./tables/index.ts";

export type Db = Kysely<Database>;
export type DbDialect = "sqlite" | "postgres";

export interface DbHandle {
  db: Db;
  dialect: DbDialect;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** Postgres only: schema to use as search_path (tests isolate themselves this way). */
  schema?: string;
  /** Postgres pool size. */
  poolSize?: number;
}

/**
 * Kysely prepares every query anew; better-sqlite3's prepare costs more than
 * running a small statement. Reusing prepared statements by SQL text is safe
 * because Kysely runs each one to completion synchronously (measured in
 * scripts/bench/intake.ts: see README).
 */
function withStatementCache(conn: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => conn.close(),
    prepare(source: string) {
      let stmt = cache.get(source);
      if (!stmt) {
        stmt = conn.prepare(source);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(source, stmt);
      }
      return stmt;
    },
  };
}

/** Opens `sqlite:<path>` (file created with its folder) or `postgres://…`. */
export function openDb(url: string, opts: OpenDbOptions = {}): DbHandle {
  if (url.startsWith("sqlite:")) {
    const file = url.slice("sqlite:".length);
    if (file !== ":memory:") mkdirSync(dirname(resolve(file)), { recursive: true });
    const conn = new SQLite(file);
    conn.pragma("journal_mode = WAL");
    conn.pragma("synchronous = NORMAL");
    // Several processes (API, workers) share the file in the embedded default.
    conn.pragma("busy_timeout = 10000");
    conn.pragma("foreign_keys = ON");
    // 64 MiB page cache (default 2 MiB): index pages of a busy queue stay in memory.
    conn.pragma("cache_size = -65536");
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(conn) }) });
    return { db, dialect: "sqlite", close: () => db.destroy() };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 10,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", close: () => db.destroy() };
  }
  throw new Error(`Unsupported DATABASE_URL "${url}": use sqlite:<file> or postgres://…`);
}

/** Brings the schema to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? "");
    throw new Error(`Migration ${failed?.migrationName ?? ""} failed: ${cause}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Cheap liveness probe for /health. */
export async function pingDb(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
