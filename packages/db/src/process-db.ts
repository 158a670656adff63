import { type DbHandle, migrateToLatest, openDb } from "./connect.ts";

/**
 * The database of a worker process started on its own: opened, migrated to the
 * latest schema (idempotent; several processes may race, the migrator locks),
 * and closed last by the process's shutdown registry.
 */
export async function openProcessDb(
  url: string,
  shutdown: { add(name: string, fn: () => unknown): void },
  name: string,
  logger?: { warn(obj: object, msg?: string): void },
  /** Postgres connections this process may open (DATABASE_POOL_SIZE). */
  poolSize?: number,
): Promise<DbHandle> {
  const onIdleError = logger
    ? (err: Error) => logger.warn({ err: err.message }, "idle database connection lost")
    : undefined;
  const dbh = openDb(url, { ...(onIdleError ? { onIdleError } : {}), ...(poolSize ? { poolSize } : {}) });
  shutdown.add(`${name} db`, () => dbh.close());
  await migrateToLatest(dbh.db);
  return dbh;
}
