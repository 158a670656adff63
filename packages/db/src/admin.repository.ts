import { randomBytes } from "node:crypto";
import type { ClinicKind, ClinicStatus, UserRole } from "@klinik/core";
import type { Db } from "./connect.ts";
import { hashPassword } from "./password.ts";
import type { User } from "./repositories/users.repository.ts";
import { storableText } from "./storable-text.ts";
import type { TenantTable } from "./tables/index.ts";
import { newId, nowIso, sha256 } from "./util.ts";

// Setup and sign-in writes: they create a clinic or act for a person before any
// clinic-bound handle exists, so they take the clinic as data, not as a binding.

export type Tenant = TenantTable;

export interface NewTenant {
  slug: string;
  name: string;
  timezone?: string;
  regionCode?: string | null;
  parentId?: string | null;
  kind?: ClinicKind;
  status?: ClinicStatus;
}

export function newTenantRow(input: NewTenant): Tenant {
  return {
    id: newId(),
    slug: storableText(input.slug),
    name: storableText(input.name),
    timezone: input.timezone ?? "Asia/Jakarta",
    created_at: nowIso(),
    region_code: input.regionCode ?? null,
    parent_id: input.parentId ?? null,
    kind: input.kind ?? "independent",
    status: input.status ?? "active",
    display_name: null,
    logo_url: null,
    contact: null,
    require_approval: 0,
    require_totp: 0,
    contact_retention_days: 90,
  };
}

export async function createTenant(db: Db, input: NewTenant): Promise<Tenant> {
  const row = newTenantRow(input);
  await db.insertInto("tenants").values(row).execute();
  return row;
}

export interface NewUser {
  tenantId: string;
  email: string;
  name: string;
  role: UserRole;
  operator?: boolean;
}

export async function createUser(db: Db, input: NewUser & { password: string }): Promise<User> {
  const row = newUserRow(input, await hashPassword(input.password));
  await db.insertInto("users").values(row).execute();
  return row;
}

/** The row of a new, active person whose password is already hashed. */
export function newUserRow(input: NewUser, passwordHash: string): User {
  const now = nowIso();
  return {
    id: newId(),
    tenant_id: input.tenantId,
    email: normalizeEmail(input.email),
    name: storableText(input.name),
    password_hash: passwordHash,
    role: input.role,
    created_at: now,
    operator: input.operator ? 1 : 0,
    active: 1,
    totp_secret: null,
    totp_enabled: 0,
    password_changed_at: now,
  };
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
  from: { address?: string | null; userAgent?: string | null } = {},
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
      last_seen_at: nowIso(),
      address: from.address ?? null,
      user_agent: storableText(from.userAgent?.slice(0, 200) ?? null),
    })
    .execute();
  return { token, expiresAt };
}

/** Logs a token out (the token alone names the session, whatever its clinic). */
export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sha256(token)).execute();
}
