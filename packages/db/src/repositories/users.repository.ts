import type { Db } from "../connect.ts";
import type { UserTable } from "../tables/index.ts";

export type User = UserTable;
export type PublicUser = Pick<User, "id" | "tenant_id" | "email" | "name" | "role">;

export function toPublicUser(u: User): PublicUser {
  return { id: u.id, tenant_id: u.tenant_id, email: u.email, name: u.name, role: u.role };
}

export async function listTenantUsers(db: Db, tenantId: string) {
  return db
    .selectFrom("users")
    .select(["id", "name", "role"])
    .where("tenant_id", "=", tenantId)
    .orderBy("name")
    .execute();
}
