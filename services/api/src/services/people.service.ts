import type { UserRole } from "@klinik/core";
import { findTenantById, findUserByEmail, forClinic, type LinkPurpose } from "@klinik/db";
import { type Actor, clinicOf, denied } from "./actor.ts";
import { audit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { sendLinkMail } from "./mail.ts";
import type { InviteInput } from "./people.inputs.ts";
import { fail, notFound, ok } from "./result.ts";

type Deps = Pick<ServiceDeps, "db" | "config" | "logger">;

/** Where one-time links open: the UI page that sets the password. */
const LINK_PATH: Record<LinkPurpose, string> = { invite: "/undangan/", reset: "/atur-sandi/" };

/**
 * The absolute URL of a one-time link: on `PUBLIC_BASE_URL` when set (what emails
 * should carry), else on the origin the admin is using.
 */
export function linkUrl(deps: Pick<Deps, "config">, origin: string, purpose: LinkPurpose, token: string): string {
  const base = (deps.config.PUBLIC_BASE_URL ?? origin).replace(/\/+$/, "");
  return `${base}${LINK_PATH[purpose]}${token}`;
}

/** The people of the caller's clinic, with role, state, two-factor and last sign-in. */
export async function listPeople(deps: Deps, actor: Actor) {
  const no = denied(actor, "people.manage");
  if (no) return no;
  return ok(await clinicOf(deps, actor).listPeople());
}

/**
 * Invites a person into a clinic: a one-time link valid 72 h, returned to the
 * admin and emailed when SMTP is configured. An admin invites into their own
 * clinic (another clinic's id answers 404); the operator into any clinic.
 */
export async function invitePerson(deps: Deps, actor: Actor, clinicId: string, input: InviteInput, origin: string) {
  const no = denied(actor, "people.manage");
  if (no) return no;
  const mayReach = clinicId === actor.tenant.id || actor.user.operator;
  const tenant = mayReach ? await findTenantById(deps.db, clinicId) : undefined;
  if (!tenant) return notFound("Clinic");
  if (await findUserByEmail(deps.db, input.email)) return fail("conflict", "email: already in use on this instance");
  const clinic = forClinic(deps.db, tenant.id);
  const { token, expiresAt } = await clinic.createOneTimeLink({
    purpose: "invite",
    userId: null,
    email: input.email,
    name: input.name,
    role: input.role,
    createdBy: actor.user.id,
  });
  const inviteUrl = linkUrl(deps, origin, "invite", token);
  const mail = { to: input.email, name: input.name, clinicName: tenant.name, url: inviteUrl, expiresAt };
  const emailed = await sendLinkMail(deps, { kind: "invite", ...mail });
  await audit(clinic, actor, {
    action: "user.invite",
    targetType: "invite",
    targetId: input.email,
    summary: { email: input.email, name: input.name, role: input.role, emailed },
  });
  return ok({ inviteUrl, expiresAt, emailed, clinic: { id: tenant.id, slug: tenant.slug, name: tenant.name } });
}

/** A person of the caller's clinic, as an admin acts on them (another clinic's is not found). */
function personOf(deps: Deps, actor: Actor, id: string) {
  return clinicOf(deps, actor).getPerson(id);
}

/** Deactivates a person: their sessions end and their integration tokens stop, at once. */
export async function deactivatePerson(deps: Deps, actor: Actor, id: string) {
  const no = denied(actor, "people.manage");
  if (no) return no;
  const person = await personOf(deps, actor, id);
  if (!person) return notFound("User");
  if (person.id === actor.user.id) return fail("conflict", "You cannot deactivate yourself");
  const clinic = clinicOf(deps, actor);
  const ended = await clinic.deactivatePerson(id);
  if (!ended) return notFound("User");
  await audit(clinic, actor, {
    action: "user.deactivate",
    targetType: "user",
    targetId: id,
    summary: { email: person.email, before: { active: person.active === 1 }, after: { active: false }, ...ended },
  });
  return ok({ id, active: false, ...ended });
}

/** Lets a deactivated person sign in again (their old sessions and tokens stay ended). */
export async function reactivatePerson(deps: Deps, actor: Actor, id: string) {
  const no = denied(actor, "people.manage");
  if (no) return no;
  const person = await personOf(deps, actor, id);
  if (!person) return notFound("User");
  const clinic = clinicOf(deps, actor);
  if (await clinic.reactivatePerson(id)) {
    await audit(clinic, actor, {
      action: "user.reactivate",
      targetType: "user",
      targetId: id,
      summary: { email: person.email, before: { active: false }, after: { active: true } },
    });
  }
  return ok({ id, active: true as const });
}

/**
 * A new one-time link (72 h) for a person to set a new password; using it ends
 * their sessions and clears their two-factor setup (a lost phone has a way back too).
 */
export async function resetLinkFor(deps: Deps, actor: Actor, id: string, origin: string) {
  const no = denied(actor, "people.manage");
  if (no) return no;
  const person = await personOf(deps, actor, id);
  if (!person) return notFound("User");
  if (person.active !== 1) return fail("conflict", "This person is deactivated");
  const clinic = clinicOf(deps, actor);
  const { token, expiresAt } = await clinic.createOneTimeLink({
    purpose: "reset",
    userId: person.id,
    email: person.email,
    name: person.name,
    role: person.role,
    createdBy: actor.user.id,
  });
  const resetUrl = linkUrl(deps, origin, "reset", token);
  const mail = { to: person.email, name: person.name, clinicName: actor.tenant.name, url: resetUrl, expiresAt };
  const emailed = await sendLinkMail(deps, { kind: "reset", ...mail });
  await audit(clinic, actor, {
    action: "user.reset_link",
    targetType: "user",
    targetId: person.id,
    summary: { email: person.email, emailed },
  });
  return ok({ resetUrl, expiresAt, emailed });
}

/** Changes a person's role; an admin does not change their own (nobody locks their clinic out by mistake). */
export async function changeRole(deps: Deps, actor: Actor, id: string, role: UserRole) {
  const no = denied(actor, "people.manage");
  if (no) return no;
  const person = await personOf(deps, actor, id);
  if (!person) return notFound("User");
  if (person.id === actor.user.id) return fail("conflict", "You cannot change your own role");
  const clinic = clinicOf(deps, actor);
  if (person.role !== role) {
    await clinic.setPersonRole(id, role);
    await audit(clinic, actor, {
      action: "user.role",
      targetType: "user",
      targetId: id,
      summary: { email: person.email, before: { role: person.role }, after: { role } },
    });
  }
  return ok({ id, role });
}

/** Invitations of the caller's clinic whose link still works. */
export async function listInvites(deps: Deps, actor: Actor) {
  const no = denied(actor, "people.manage");
  if (no) return no;
  return ok(await clinicOf(deps, actor).listOpenInvites());
}

/** Withdraws an open invitation (a mistyped email, a person who left): its link stops working. */
export async function withdrawInvite(deps: Deps, actor: Actor, id: string) {
  const no = denied(actor, "people.manage");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const gone = await clinic.withdrawInvite(id);
  if (!gone) return notFound("Invitation");
  await audit(clinic, actor, {
    action: "user.invite_withdraw",
    targetType: "invite",
    targetId: gone.email,
    summary: { email: gone.email, role: gone.role },
  });
  return ok(gone);
}
