import { sql } from "kysely";
import { type Db, migratorFor } from "./connect.ts";

/**
 * Reads about the database itself for `pnpm doctor`: nothing here touches a
 * clinic's rows.
 */

/** Migrations this code has that the database has not run yet (empty: up to date). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const migrator = await migratorFor(db);
  const all = await migrator.getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

export interface PostgresConnections {
  /** `max_connections` of the server. */
  max: number;
  /** `superuser_reserved_connections` (+ `reserved_connections` on Postgres 16+): not for us. */
  reserved: number;
  /** Connections open right now, every database and user. */
  inUse: number;
}

/** The server's connection limit and how much of it is in use. */
export async function postgresConnections(db: Db): Promise<PostgresConnections> {
  const setting = async (name: string) => {
    const r = await sql<{ v: string }>`select setting as v from pg_settings where name = ${name}`.execute(db);
    return Number(r.rows[0]?.v ?? 0);
  };
  const inUse = await sql<{ n: string }>`select count(*) as n from pg_stat_activity`.execute(db);
  return {
    max: await setting("max_connections"),
    reserved: (await setting("superuser_reserved_connections")) + (await setting("reserved_connections")),
    inUse: Number(inUse.rows[0]?.n ?? 0),
  };
}
