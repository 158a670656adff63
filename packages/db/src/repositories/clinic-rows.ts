import type { Db } from "../connect.ts";
import type { Database } from "../tables/index.ts";

/** Clinic tables whose rows are looked up by id. */
export type ByIdTable = "items" | "sources" | "clusters" | "clarifications" | "users";

function byId(db: Db, tenantId: string, table: ByIdTable, id: string) {
  // One statement shape for every table; narrowing to one name keeps Kysely's types simple.
  return db
    .selectFrom(table as "items")
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id);
}

/** The clinic's row `id` of `table`, or undefined when it is missing or another clinic's. */
export async function findOwnRow<T extends ByIdTable>(
  db: Db,
  tenantId: string,
  table: T,
  id: string,
): Promise<Database[T] | undefined> {
  return (await byId(db, tenantId, table, id).selectAll().executeTakeFirst()) as Database[T] | undefined;
}

/** Whether row `id` of `table` is the clinic's: the probe before a write that names it. */
export async function ownsRow(db: Db, tenantId: string, table: ByIdTable, id: string): Promise<boolean> {
  return (await byId(db, tenantId, table, id).select("id").executeTakeFirst()) !== undefined;
}

/** Items with the name of their source (null for reports): the join several clinic reads share. */
export function itemsWithSourceName(db: Db) {
  return db
    .selectFrom("items as i")
    .leftJoin("sources as s", (j) => j.onRef("s.id", "=", "i.source_id").onRef("s.tenant_id", "=", "i.tenant_id"));
}
