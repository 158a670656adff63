import { type DbHandle, migrateToLatest, openDb } from "./connect.ts";
import { isDatabaseDown } from "./database-down.ts";

/** Longest pause between two attempts to reach a database that is down at start. */
const START_RETRY_MAX_MS = 5_000;

/**
 * The database of a worker process started on its own: opened, migrated to the
 * latest schema (idempotent; several processes may race, the migrator locks),
 * and closed last by the process's shutdown registry.
 *
 * A database that cannot be reached yet (Postgres restarting, or started after the
 * processes by the deployment) is waited for: each attempt is logged and retried
 * (1 s, growing to 5 s) until it answers. Exiting instead would leave a deployment
 * without a supervisor with no process at all.
 */
export async function openProcessDb(
  url: string,
  shutdown: { add(name: string, fn: () => unknown): void },
  name: string,
  logger?: { warn(obj: object, msg?: string): void; info?(obj: object, msg?: string): void },
  /** Postgres connections this process may open (DATABASE_POOL_SIZE). */
  poolSize?: number,
): Promise<DbHandle> {
  const onIdleError = logger
    ? (err: Error) => logger.warn({ err: err.message }, "idle database connection lost")
    : undefined;
  const dbh = openDb(url, { ...(onIdleError ? { onIdleError } : {}), ...(poolSize ? { poolSize } : {}) });
  shutdown.add(`${name} db`, () => dbh.close());
  let waitMs = 1_000;
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateToLatest(dbh.db);
      if (attempt > 1) logger?.info?.({ attempt }, "database reachable; starting");
      return dbh;
    } catch (err) {
      if (!isDatabaseDown(err)) throw err;
      logger?.warn(
        { err: err instanceof Error ? err.message : String(err), attempt, retryInMs: waitMs },
        "database not reachable at start; retrying",
      );
      await new Promise((r) => setTimeout(r, waitMs));
      waitMs = Math.min(waitMs * 2, START_RETRY_MAX_MS);
    }
  }
}
