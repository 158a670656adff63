import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import SQLite from "better-sqlite3";
import {
  type Driver,
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
} from "kysely";
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
  /**
   * SQLite file only: checkpoint the WAL from a background thread every this
   * many ms (default 200; 0 leaves checkpoints to SQLite's own, on commit).
   */
  checkpointEveryMs?: number;
  /**
   * Postgres only: told when a pooled connection dies, idle or in use (a database restart,
   * an administrator terminating backends). The pool drops that connection and opens a
   * new one for the next query; without a listener the error would end the process.
   */
  onIdleError?: (err: Error) => void;
}

/** WAL size (pages) at which a commit checkpoints itself when the background thread lags. */
const BACKSTOP_CHECKPOINT_PAGES = 10_000;

/**
 * WAL checkpoints on a thread of their own. By default SQLite checkpoints inside
 * the commit that pushes the WAL past 1,000 pages: the committing process (the
 * classifier storing a batch, the API storing reports) copies pages into the
 * database file on its event loop, and hot index pages are copied again every
 * 1,000 pages. Under `pnpm bench pipeline --items=20000` (two processes writing)
 * commits averaged 15 ms and the run made 2,958 items/s; with checkpoints left
 * to this thread, 4,000 items/s (see README). PASSIVE checkpoints never wait
 * for readers or writers; the commit-time checkpoint stays as a backstop at
 * BACKSTOP_CHECKPOINT_PAGES.
 */
function startCheckpointer(file: string, everyMs: number): { stop(): Promise<void> } {
  const worker = new Worker(new URL("./checkpointer.worker.mjs", import.meta.url), {
    workerData: { file, everyMs },
  });
  worker.unref();
  worker.on("error", () => {
    // The commit-time backstop keeps the WAL bounded without this thread.
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once("exit", done);
        worker.once("message", (m: { closed?: boolean }) => m?.closed && void worker.terminate());
        // Kept alive until it has closed its connection (it is unref'd while it runs).
        worker.ref();
        worker.postMessage("close");
        setTimeout(() => void worker.terminate().then(done, done), 2_000).unref();
      }),
  };
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

/** How long a statement or a transaction waits for another process's write lock. */
export const SQLITE_BUSY_WAIT_MS = 10_000;

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT" || code === "SQLITE_LOCKED";
}

/**
 * Transactions take SQLite's write lock up front (`BEGIN IMMEDIATE`) and, when
 * another process holds it, wait for it without blocking the event loop.
 *
 * SQLite's own busy handler (`busy_timeout`) sleeps inside the synchronous
 * call, in steps that grow to 100 ms: while the classifier process commits a
 * batch, the API process would stop answering, and under `pnpm bench pipeline`
 * the two writers of one file lost up to 250 ms at a time. Here the lock is
 * tried without waiting and retried after a short timer (~1 ms growing to
 * 4 ms, with jitter) until SQLITE_BUSY_WAIT_MS; statements outside
 * transactions keep the busy handler.
 */
class AsyncLockSqliteDialect extends SqliteDialect {
  constructor(
    private readonly cfg: SqliteDialectConfig,
    private readonly conn: SQLite.Database,
  ) {
    super(cfg);
  }

  override createDriver(): Driver {
    const conn = this.conn;
    return new (class extends SqliteDriver {
      override async beginTransaction(): Promise<void> {
        const deadline = Date.now() + SQLITE_BUSY_WAIT_MS;
        let delay = 1;
        for (;;) {
          conn.pragma("busy_timeout = 0");
          try {
            conn.exec("begin immediate");
            return;
          } catch (err) {
            if (!isBusy(err) || Date.now() >= deadline) throw err;
          } finally {
            conn.pragma(`busy_timeout = ${SQLITE_BUSY_WAIT_MS}`);
          }
          await new Promise((r) => setTimeout(r, delay * (0.5 + Math.random())));
          delay = Math.min(delay * 2, 4);
        }
      }
    })(this.cfg);
  }
}

const warnIdleError = (err: Error) =>
  process.emitWarning(`idle Postgres connection lost (${err.message}); the next query reconnects`);

/** Opens `sqlite:<path>` (file created with its folder) or `postgres://…`. */
export function openDb(url: string, opts: OpenDbOptions = {}): DbHandle {
  if (url.startsWith("sqlite:")) {
    const file = url.slice("sqlite:".length);
    if (file !== ":memory:") mkdirSync(dirname(resolve(file)), { recursive: true });
    const conn = new SQLite(file);
    conn.pragma("journal_mode = WAL");
    conn.pragma("synchronous = NORMAL");
    // Several processes (API, workers) share the file in the embedded default.
    conn.pragma(`busy_timeout = ${SQLITE_BUSY_WAIT_MS}`);
    conn.pragma("foreign_keys = ON");
    // 64 MiB page cache (default 2 MiB): index pages of a busy queue stay in memory.
    conn.pragma("cache_size = -65536");
    const everyMs = opts.checkpointEveryMs ?? 200;
    const checkpointer = file !== ":memory:" && everyMs > 0 ? startCheckpointer(file, everyMs) : undefined;
    if (checkpointer) conn.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    const db = new Kysely<Database>({
      dialect: new AsyncLockSqliteDialect({ database: withStatementCache(conn) }, conn),
    });
    return {
      db,
      dialect: "sqlite",
      close: async () => {
        await checkpointer?.stop();
        await db.destroy();
      },
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 10,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    const onLost = (err: Error) => (opts.onIdleError ?? warnIdleError)(err);
    pool.on("error", onLost);
    // The pool listens to a connection only while it is idle. One killed while checked out
    // (a transaction between two statements, a query in flight) emitted 'error' with no
    // listener and ended the process: the fault run lost a classifier to each
    // pg_terminate_backend. The statement in flight still fails (its job is retried), and
    // the pool drops the broken connection when it comes back.
    pool.on("connect", (client) => client.on("error", onLost));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", close: () => db.destroy() };
  }
  throw new Error(`Unsupported DATABASE_URL "${url}": use sqlite:<file> or postgres://…`);
}

/** The project's migrator for `db` (migrating, or asking what is pending). */
export async function migratorFor(db: Db): Promise<Migrator> {
  // Kysely looks for its migration tables in every schema unless told which one: a
  // second schema on the same Postgres (tests run side by side) hid ours ("relation
  // kysely_migration_lock does not exist").
  const schema =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  return new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
}

/** Brings the schema to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await (await migratorFor(db)).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? "");
    throw new Error(`Migration ${failed?.migrationName ?? ""} failed: ${cause}`, { cause: error ?? failed });
  }
  if (db.getExecutor().adapter instanceof SqliteAdapter) await seedPlannerStats(db);
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Rows per key assumed for a column, as a divisor of the rows before it (see seedPlannerStats). */
function columnSpread(column: string): number {
  if (column === "tenant_id") return 10;
  if (["status", "kind", "verdict", "role", "enabled"].includes(column)) return 5;
  return 1000;
}

/**
 * SQLite plans without statistics until ANALYZE runs, and then guesses that
 * `tenant_id = ?` picks ~10 rows: `where tenant_id = ? and id in (…100 ids…)`
 * was planned as a scan of the clinic's whole tenant_id index instead of 100
 * primary-key look-ups. Each classify batch then read every item of its clinic
 * (`pnpm bench pipeline` slowed as the table grew; store cost per item went
 * from 79 µs at 4,000 items to 134 µs at 20,000).
 *
 * The statistics written here describe a shared instance (1,000,000 rows a
 * table, 10 clinics, a handful of statuses; other columns nearly unique), so
 * the planner sees tenant_id as unselective and keys as selective from the
 * first row on. A later `ANALYZE` replaces them with measured figures. Written
 * for every index at each migrateToLatest, so new indexes get theirs.
 */
async function seedPlannerStats(db: Db): Promise<void> {
  const indexes = await sql<{ tbl: string; name: string; unique: number; partial: number }>`
    select m.tbl_name as tbl, l.name as name, l."unique" as "unique", l.partial as partial
    from sqlite_master m join pragma_index_list(m.name) l
    where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like 'kysely_%'`.execute(db);
  const stats: { tbl: string; idx: string; stat: string }[] = [];
  for (const ix of indexes.rows) {
    const cols = await sql<{
      name: string | null;
    }>`select name from pragma_index_info(${ix.name}) order by seqno`.execute(db);
    const rows = ix.partial ? 10_000 : 1_000_000;
    const eq: number[] = [];
    let n = rows;
    cols.rows.forEach((c, i) => {
      const last = i === cols.rows.length - 1;
      n = c.name === "id" || (ix.unique && last) ? 1 : Math.max(1, Math.round(n / columnSpread(c.name ?? "")));
      eq.push(n);
    });
    stats.push({ tbl: ix.tbl, idx: ix.name, stat: [rows, ...eq].join(" ") });
  }
  // ANALYZE on the schema only creates sqlite_stat1 (no table is read).
  await sql`analyze sqlite_schema`.execute(db);
  await db.transaction().execute(async (tx) => {
    for (const s of stats) {
      await sql`delete from sqlite_stat1 where tbl = ${s.tbl} and idx = ${s.idx}`.execute(tx);
      await sql`insert into sqlite_stat1 (tbl, idx, stat) values (${s.tbl}, ${s.idx}, ${s.stat})`.execute(tx);
    }
  });
  // Loads the statistics into this connection; others read them when they open.
  await sql`analyze sqlite_schema`.execute(db);
}

/** Cheap liveness probe for /health. */
export async function pingDb(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
