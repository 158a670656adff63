import { randomBytes } from "node:crypto";
import type { UserRole } from "@klinik/core";
import type { Db } from "./connect.ts";
import { hashPassword } from "./password.ts";
import type { User } from "./repositories/users.repository.ts";
import { storableText } from "./storable-text.ts";
import type { TenantTable } from "./tables/index.ts";
import { newId, nowIso, sha256 } from "./util.ts";

// Setup and sign-in writes: they create a clinic or act for a person before any
// clinic-bound handle exists, so they take the clinic as data, not as a binding.

export type Tenant = TenantTable;

export async function createTenant(db: Db, input: { slug: string; name: string; timezone?: string }): Promise<Tenant> {
  const row: Tenant = {
    id: newId(),
    slug: storableText(input.slug),
    name: storableText(input.name),
    timezone: input.timezone ?? "Asia/Jakarta",
    created_at: nowIso(),
  };
  await db.insertInto("tenants").values(row).execute();
  return row;
}

export async function createUser(
  db: Db,
  input: { tenantId: string; email: string; name: string; password: string; role: UserRole },
): Promise<User> {
  const row: User = {
    id: newId(),
    tenant_id: input.tenantId,
    email: normalizeEmail(input.email),
    name: storableText(input.name),
    password_hash: await hashPassword(input.password),
    role: input.role,
    created_at: nowIso(),
  };
  await db.insertInto("users").values(row).execute();
  return row;
}

/** How an email is stored and looked up. */
export function normalizeEmail(email: string): string {
  return storableText(email).trim().toLowerCase();
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

/** Logs a token out (the token alone names the session, whatever its clinic). */
export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sha256(token)).execute();
}
