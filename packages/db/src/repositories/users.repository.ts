import type { Db } from "../connect.ts";
import type { UserTable } from "../tables/index.ts";

export type User = UserTable;
/** A person as the rest of the system sees them: no password hash or two-factor secret. */
export type PublicUser = Pick<User, "id" | "tenant_id" | "email" | "name" | "role"> & {
  /** Operator of the whole instance. */
  operator: boolean;
  /** Two-factor sign-in is set up. */
  totp: boolean;
};

export function toPublicUser(u: User): PublicUser {
  return {
    id: u.id,
    tenant_id: u.tenant_id,
    email: u.email,
    name: u.name,
    role: u.role,
    operator: u.operator === 1,
    totp: u.totp_enabled === 1,
  };
}

export async function listTenantUsers(db: Db, tenantId: string) {
  return db
    .selectFrom("users")
    .select(["id", "name", "role"])
    .where("tenant_id", "=", tenantId)
    .orderBy("name")
    .execute();
}
