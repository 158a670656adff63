import { acceptInvite, findUsableLink, forClinic, hashPassword, useResetLink, verifyPassword } from "@klinik/db";
import { throttledCheck } from "../credentials.ts";
import { type Actor, clinicOf, denied } from "./actor.ts";
import { audit } from "./audit.ts";
import { type From, recordSignIn, startSession } from "./auth.service.ts";
import type { ServiceDeps } from "./deps.ts";
import { checkPassword } from "./password-policy.ts";
import { fail, invalid, ok } from "./result.ts";

type Deps = Pick<ServiceDeps, "db" | "config" | "loginThrottle" | "redis">;

// Unknown, used and expired links answer alike: the link tells nothing about why.
const unusable = () => fail("link_unusable", "This link is unknown, used or expired; ask your admin for a new one");

/** What the page of a one-time link shows before the password is set. */
export async function describeLink(deps: Pick<Deps, "db">, token: string, purpose: "invite" | "reset") {
  const link = await findUsableLink(deps.db, token);
  if (!link || link.purpose !== purpose) return unusable();
  return ok({
    email: link.email,
    name: link.name,
    role: link.role,
    clinicName: link.clinic_name,
    timezone: link.clinic_timezone,
    expiresAt: link.expires_at,
  });
}

/**
 * Accepts an invitation: the person is created with the password they chose
 * (checked by the policy), the link is used up, and they are signed in. The
 * first admin of a dormant clinic makes it active.
 */
export async function acceptInvitation(deps: Deps, token: string, password: string, from: From) {
  const link = await findUsableLink(deps.db, token);
  if (link?.purpose !== "invite") return unusable();
  const weak = checkPassword(password, link);
  if (weak) return weak;
  const r = await acceptInvite(deps.db, token, await hashPassword(password));
  if (!r.ok)
    return r.reason === "email_taken" ? fail("conflict", "email: already in use on this instance") : unusable();
  const clinic = forClinic(deps.db, r.user.tenant_id);
  const actor = { actorId: r.user.id, actorLabel: r.user.email, address: from.address };
  await clinic.recordAudit({
    ...actor,
    action: "user.join",
    targetType: "user",
    targetId: r.user.id,
    summary: { role: r.user.role, invitedBy: r.link.created_by },
  });
  if (r.activatedClinic) {
    await clinic.recordAudit({ ...actor, action: "clinic.activate", targetType: "clinic", targetId: r.user.tenant_id });
  }
  return ok(await startSession(deps, r.user, from));
}

/** Uses a reset link: a new password (policy-checked), every other session ends, and they are signed in. */
export async function useReset(deps: Deps, token: string, password: string, from: From) {
  const link = await findUsableLink(deps.db, token);
  if (link?.purpose !== "reset") return unusable();
  const weak = checkPassword(password, link);
  if (weak) return weak;
  const r = await useResetLink(deps.db, token, await hashPassword(password));
  if (!r.ok) return unusable();
  await forClinic(deps.db, r.user.tenant_id).recordAudit({
    actorId: r.user.id,
    actorLabel: r.user.email,
    address: from.address,
    action: "user.password_reset",
    targetType: "user",
    targetId: r.user.id,
    summary: { endedSessions: r.endedSessions, linkBy: r.link.created_by },
  });
  return ok(await startSession(deps, r.user, from));
}

/**
 * Changes the caller's own password: the current one is checked (throttled like
 * a sign-in, so a borrowed session cannot guess it), the new one by the policy;
 * every other session of theirs ends.
 */
export async function changePassword(deps: Deps, actor: Actor, input: { current: string; next: string }) {
  const no = denied(actor, "account.manage");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const me = await clinic.getPerson(actor.user.id);
  if (!me) return fail("unauthorized", "Sign in again");
  const who = { address: actor.address ?? "unknown", email: me.email, kind: "password" as const };
  const checked = await throttledCheck(deps.loginThrottle, who, () => verifyPassword(input.current, me.password_hash));
  if (!checked.ok) {
    await recordSignIn(deps, { user: me, email: me.email, address: who.address }, "user.password_change_failed");
    return checked.retryAfterSec !== null
      ? fail("too_many_attempts", "Too many wrong passwords; try again later", checked.retryAfterSec)
      : invalid("password_wrong", "current: the current password is wrong");
  }
  const weak = checkPassword(input.next, me);
  if (weak) return weak;
  const ended = await clinic.setPasswordHash(me.id, await hashPassword(input.next), actor.credentialId);
  await audit(clinic, actor, {
    action: "user.password_change",
    targetType: "user",
    targetId: me.id,
    summary: { endedSessions: ended },
  });
  return ok({ endedSessions: ended });
}

/** The caller's sessions: when and where they started, last use, and which one is this. */
export async function listMySessions(deps: Pick<Deps, "db">, actor: Actor) {
  const no = denied(actor, "account.manage");
  if (no) return no;
  const rows = await clinicOf(deps, actor).listSessionsOf(actor.user.id);
  return ok(rows.map(({ id, ...r }) => ({ ...r, current: id === actor.credentialId })));
}

/** Signs the caller out everywhere, this session included. */
export async function endAllSessions(deps: Pick<Deps, "db">, actor: Actor) {
  const no = denied(actor, "session.end");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const ended = await clinic.endSessionsOf(actor.user.id, null);
  await audit(clinic, actor, {
    action: "auth.logout_all",
    targetType: "user",
    targetId: actor.user.id,
    summary: { ended },
  });
  return ok({ ended });
}
