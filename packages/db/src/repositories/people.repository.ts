import { randomBytes } from "node:crypto";
import type { UserRole } from "@klinik/core";
import type { Db } from "../connect.ts";
import { storableText } from "../storable-text.ts";
import type { OneTimeLinkTable, UserTable } from "../tables/index.ts";
import { nowIso, sha256 } from "../util.ts";

// A clinic's people as its admin manages them, and a person's own account:
// every query here carries the clinic's id (these run through forClinic).

/** A person as their clinic's admin sees them. */
export interface PersonRow {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  operator: number;
  active: number;
  totp_enabled: number;
  created_at: string;
  /** Their most recent sign-in (from the audit trail), if any. */
  last_login_at: string | null;
}

export async function listPeople(db: Db, tenantId: string): Promise<PersonRow[]> {
  const people = await db
    .selectFrom("users")
    .select(["id", "email", "name", "role", "operator", "active", "totp_enabled", "created_at"])
    .where("tenant_id", "=", tenantId)
    .orderBy("name")
    .orderBy("id")
    .execute();
  const logins = await db
    .selectFrom("audit_log")
    .select(["actor_id", (eb) => eb.fn.max("created_at").as("at")])
    .where("tenant_id", "=", tenantId)
    .where("action", "=", "auth.login")
    .groupBy("actor_id")
    .execute();
  const last = new Map(logins.map((l) => [l.actor_id, l.at as string]));
  return people.map((p) => ({ ...p, last_login_at: last.get(p.id) ?? null }));
}

/** A person of this clinic with everything an account change needs (hash, two-factor secret). */
export async function getPerson(db: Db, tenantId: string, id: string): Promise<UserTable | undefined> {
  return db.selectFrom("users").selectAll().where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
}

/**
 * Deactivates a person: their sessions are deleted and the integration tokens
 * they created revoked in the same transaction, so nothing of theirs works after.
 */
export async function deactivatePerson(
  db: Db,
  tenantId: string,
  id: string,
): Promise<{ sessions: number; tokens: number } | undefined> {
  return db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable("users")
      .set({ active: 0 })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return undefined;
    const s = await tx
      .deleteFrom("sessions")
      .where("tenant_id", "=", tenantId)
      .where("user_id", "=", id)
      .executeTakeFirst();
    const k = await tx
      .updateTable("api_tokens")
      .set({ revoked_at: nowIso() })
      .where("tenant_id", "=", tenantId)
      .where("created_by", "=", id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return { sessions: Number(s.numDeletedRows), tokens: Number(k.numUpdatedRows) };
  });
}

/** Lets a deactivated person sign in again; their ended sessions and revoked tokens stay ended. */
export async function reactivatePerson(db: Db, tenantId: string, id: string): Promise<boolean> {
  const r = await db
    .updateTable("users")
    .set({ active: 1 })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .where("active", "=", 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function setPersonRole(db: Db, tenantId: string, id: string, role: UserRole): Promise<boolean> {
  const r = await db
    .updateTable("users")
    .set({ role })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A new password hash; every session of theirs but `keepSessionId` (if any) ends. */
export async function setPasswordHash(
  db: Db,
  tenantId: string,
  userId: string,
  hash: string,
  keepSessionId: string | null,
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await tx
      .updateTable("users")
      .set({ password_hash: hash, password_changed_at: nowIso() })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", userId)
      .execute();
    return endSessionsOf(tx, tenantId, userId, keepSessionId);
  });
}

/** Ends a person's sessions, all of them or all but one; returns how many ended. */
export async function endSessionsOf(
  db: Db,
  tenantId: string,
  userId: string,
  keepSessionId: string | null,
): Promise<number> {
  let q = db.deleteFrom("sessions").where("tenant_id", "=", tenantId).where("user_id", "=", userId);
  if (keepSessionId) q = q.where("id", "!=", keepSessionId);
  return Number((await q.executeTakeFirst()).numDeletedRows);
}

export async function listSessionsOf(db: Db, tenantId: string, userId: string) {
  return db
    .selectFrom("sessions")
    .select(["id", "created_at", "last_seen_at", "expires_at", "address", "user_agent"])
    .where("tenant_id", "=", tenantId)
    .where("user_id", "=", userId)
    .where("expires_at", ">", nowIso())
    .orderBy("created_at", "desc")
    .execute();
}

/** Two-factor state: a secret waiting for its first code (enabled false), in use, or none. */
export async function setTotp(
  db: Db,
  tenantId: string,
  userId: string,
  state: { secret: string | null; enabled: boolean },
): Promise<void> {
  await db
    .updateTable("users")
    .set({ totp_secret: state.secret, totp_enabled: state.enabled ? 1 : 0 })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", userId)
    .execute();
}

export type LinkPurpose = OneTimeLinkTable["purpose"];

/** Invitations and resets are valid this long. */
export const LINK_TTL_HOURS = 72;

/**
 * A one-time link: the token goes into the URL, only its sha256 is stored. An
 * invitation carries the new person's email, name and role; a reset names its person.
 */
export async function createOneTimeLink(
  db: Db,
  tenantId: string,
  input: {
    purpose: LinkPurpose;
    userId: string | null;
    email: string;
    name: string;
    role: UserRole;
    createdBy: string | null;
  },
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + LINK_TTL_HOURS * 3600_000).toISOString();
  await db
    .insertInto("one_time_links")
    .values({
      id: sha256(token),
      tenant_id: tenantId,
      purpose: input.purpose,
      user_id: input.userId,
      email: storableText(input.email.trim().toLowerCase()),
      name: storableText(input.name),
      role: input.role,
      created_by: input.createdBy,
      created_at: nowIso(),
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  return { token, expiresAt };
}

/** Invitations of this clinic whose link still works: sent, not accepted, not expired. */
export async function listOpenInvites(db: Db, tenantId: string) {
  return db
    .selectFrom("one_time_links")
    .select(["id", "email", "name", "role", "created_by", "created_at", "expires_at"])
    .where("tenant_id", "=", tenantId)
    .where("purpose", "=", "invite")
    .where("used_at", "is", null)
    .where("expires_at", ">", nowIso())
    .orderBy("created_at", "desc")
    .execute();
}

/** Withdraws an open invitation: its link stops working at once (it counts as used). */
export async function withdrawInvite(db: Db, tenantId: string, id: string) {
  const open = (await listOpenInvites(db, tenantId)).find((l) => l.id === id);
  if (!open) return undefined;
  const r = await db
    .updateTable("one_time_links")
    .set({ used_at: nowIso() })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? open : undefined;
}
