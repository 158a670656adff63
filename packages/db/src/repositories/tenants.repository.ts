import type { Db } from "../connect.ts";
import type { TenantTable } from "../tables/index.ts";
import { newId, nowIso } from "../util.ts";

export type Tenant = TenantTable;

export async function findTenantBySlug(db: Db, slug: string): Promise<Tenant | undefined> {
  return db.selectFrom("tenants").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export async function findTenantById(db: Db, id: string): Promise<Tenant | undefined> {
  return db.selectFrom("tenants").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function createTenant(db: Db, input: { slug: string; name: string; timezone?: string }): Promise<Tenant> {
  const row: Tenant = {
    id: newId(),
    slug: input.slug,
    name: input.name,
    timezone: input.timezone ?? "Asia/Jakarta",
    created_at: nowIso(),
  };
  await db.insertInto("tenants").values(row).execute();
  return row;
}
