/**
 * Accounts before a clinic is known: the token of a one-time link decides the
 * clinic (an invitation creates the person there, a reset sets their password),
 * and the operator's command line lists every account. Crosses clinics on
 * purpose; code serving a signed-in person uses `forClinic` instead.
 */
import type { UserRole } from "@klinik/core";
import { newUserRow, normalizeEmail } from "./admin.repository.ts";
import { activateDormantClinic } from "./clinics.repository.ts";
import type { Db } from "./connect.ts";
import type { User } from "./repositories/users.repository.ts";
import type { OneTimeLinkTable } from "./tables/index.ts";
import { nowIso, sha256 } from "./util.ts";

export type OneTimeLink = OneTimeLinkTable & { clinic_name: string; clinic_slug: string; clinic_timezone: string };

/** A link that can still be used: known, unused and unexpired; anything else is undefined, alike. */
export async function findUsableLink(db: Db, token: string): Promise<OneTimeLink | undefined> {
  return db
    .selectFrom("one_time_links as l")
    .innerJoin("tenants as t", "t.id", "l.tenant_id")
    .selectAll("l")
    .select(["t.name as clinic_name", "t.slug as clinic_slug", "t.timezone as clinic_timezone"])
    .where("l.id", "=", sha256(token))
    .where("l.used_at", "is", null)
    .where("l.expires_at", ">", nowIso())
    .executeTakeFirst();
}

/** Marks the link used if it still could be; false when another request used it first. */
async function consume(db: Db, token: string, purpose: OneTimeLinkTable["purpose"]): Promise<boolean> {
  const r = await db
    .updateTable("one_time_links")
    .set({ used_at: nowIso() })
    .where("id", "=", sha256(token))
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", nowIso())
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type AcceptInvite =
  | { ok: true; user: User; link: OneTimeLink; activatedClinic: boolean }
  | { ok: false; reason: "unusable" | "email_taken" };

/**
 * Accepts an invitation in one transaction: the link is used, the person created
 * with its email, name and role, and a dormant clinic becomes active with its first admin.
 */
export async function acceptInvite(db: Db, token: string, passwordHash: string): Promise<AcceptInvite> {
  const link = await findUsableLink(db, token);
  if (link?.purpose !== "invite") return { ok: false, reason: "unusable" };
  return db.transaction().execute(async (tx): Promise<AcceptInvite> => {
    if (!(await consume(tx, token, "invite"))) return { ok: false, reason: "unusable" };
    const taken = await tx
      .selectFrom("users")
      .select("id")
      .where("email", "=", normalizeEmail(link.email))
      .executeTakeFirst();
    if (taken) return { ok: false, reason: "email_taken" };
    const user = newUserRow(
      { tenantId: link.tenant_id, email: link.email, name: link.name, role: link.role },
      passwordHash,
    );
    await tx.insertInto("users").values(user).execute();
    const activatedClinic = link.role === "admin" ? await activateDormantClinic(tx, link.tenant_id) : false;
    return { ok: true, user, link, activatedClinic };
  });
}

export type UseReset = { ok: true; user: User; link: OneTimeLink; endedSessions: number } | { ok: false };

/**
 * Uses a reset link in one transaction: the new password is set, two-factor cleared,
 * and every session of the person ends.
 */
export async function useResetLink(db: Db, token: string, passwordHash: string): Promise<UseReset> {
  const link = await findUsableLink(db, token);
  if (link?.purpose !== "reset" || !link.user_id) return { ok: false };
  const userId = link.user_id;
  return db.transaction().execute(async (tx): Promise<UseReset> => {
    if (!(await consume(tx, token, "reset"))) return { ok: false };
    const user = await tx
      .selectFrom("users")
      .selectAll()
      .where("tenant_id", "=", link.tenant_id)
      .where("id", "=", userId)
      .where("active", "=", 1)
      .executeTakeFirst();
    if (!user) return { ok: false };
    // A lost authenticator has a way back too: the reset clears two-factor, to be set up again.
    const changed = { password_hash: passwordHash, password_changed_at: nowIso(), totp_secret: null, totp_enabled: 0 };
    await tx.updateTable("users").set(changed).where("id", "=", user.id).execute();
    const ended = await tx
      .deleteFrom("sessions")
      .where("tenant_id", "=", user.tenant_id)
      .where("user_id", "=", user.id)
      .executeTakeFirst();
    return { ok: true, user: { ...user, ...changed }, link, endedSessions: Number(ended.numDeletedRows) };
  });
}

export interface AccountRow {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  operator: number;
  active: number;
  totp_enabled: number;
  clinic_slug: string;
}

/** Every account of the instance, or of one clinic: the operator's command line. */
export async function listAccounts(db: Db, clinicId?: string): Promise<AccountRow[]> {
  let q = db
    .selectFrom("users as u")
    .innerJoin("tenants as t", "t.id", "u.tenant_id")
    .select([
      "u.id",
      "u.email",
      "u.name",
      "u.role",
      "u.operator",
      "u.active",
      "u.totp_enabled",
      "t.slug as clinic_slug",
    ]);
  if (clinicId) q = q.where("u.tenant_id", "=", clinicId);
  return q.orderBy("t.slug").orderBy("u.email").execute();
}
