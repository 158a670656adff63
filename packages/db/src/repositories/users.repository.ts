import { randomBytes } from "node:crypto";
import type { UserRole } from "@klinik/core";
import type { Db } from "../connect.ts";
import { hashPassword } from "../password.ts";
import type { TenantTable, UserTable } from "../tables/index.ts";
import { newId, nowIso, sha256 } from "../util.ts";

export type User = UserTable;
export type PublicUser = Pick<User, "id" | "tenant_id" | "email" | "name" | "role">;

export function toPublicUser(u: User): PublicUser {
  return { id: u.id, tenant_id: u.tenant_id, email: u.email, name: u.name, role: u.role };
}

export async function createUser(
  db: Db,
  input: { tenantId: string; email: string; name: string; password: string; role: UserRole },
): Promise<User> {
  const row: User = {
    id: newId(),
    tenant_id: input.tenantId,
    email: input.email.trim().toLowerCase(),
    name: input.name,
    password_hash: await hashPassword(input.password),
    role: input.role,
    created_at: nowIso(),
  };
  await db.insertInto("users").values(row).execute();
  return row;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", email.trim().toLowerCase()).executeTakeFirst();
}

/** Creates a session and returns the bearer token (only its hash is stored). */
export async function createSession(
  db: Db,
  user: Pick<User, "id" | "tenant_id">,
  ttlHours: number,
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000).toISOString();
  await db
    .insertInto("sessions")
    .values({
      id: sha256(token),
      tenant_id: user.tenant_id,
      user_id: user.id,
      created_at: nowIso(),
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

export interface SessionPrincipal {
  user: PublicUser;
  tenant: Pick<TenantTable, "id" | "slug" | "name" | "timezone">;
}

/** Resolves a bearer token to its user and clinic, or undefined if unknown or expired. */
export async function findSession(db: Db, token: string): Promise<SessionPrincipal | undefined> {
  const row = await db
    .selectFrom("sessions as s")
    .innerJoin("users as u", (j) => j.onRef("u.id", "=", "s.user_id").onRef("u.tenant_id", "=", "s.tenant_id"))
    .innerJoin("tenants as t", "t.id", "s.tenant_id")
    .select([
      "u.id as user_id",
      "u.email",
      "u.name as user_name",
      "u.role",
      "t.id as tenant_id",
      "t.slug",
      "t.name as tenant_name",
      "t.timezone",
    ])
    .where("s.id", "=", sha256(token))
    .where("s.expires_at", ">", nowIso())
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    user: { id: row.user_id, tenant_id: row.tenant_id, email: row.email, name: row.user_name, role: row.role },
    tenant: { id: row.tenant_id, slug: row.slug, name: row.tenant_name, timezone: row.timezone },
  };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sha256(token)).execute();
}
