import { verifyPassword } from "@klinik/db";
import { throttledCheck } from "../credentials.ts";
import { type Actor, clinicOf, denied } from "./actor.ts";
import { audit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { fail, invalid, ok } from "./result.ts";
import { newTotpSecret, otpauthUri, qrSvg, verifyTotp } from "./totp.ts";

type Deps = Pick<ServiceDeps, "db" | "loginThrottle">;

export interface TwoFactorState {
  enabled: boolean;
  /** The clinic requires two-factor sign-in of everyone. */
  required: boolean;
  /** Set up but not confirmed yet: what to scan or type. */
  pending?: { secret: string; otpauthUri: string; qrSvg: string };
}

async function me(deps: Deps, actor: Actor) {
  return clinicOf(deps, actor).getPerson(actor.user.id);
}

/** Where the caller's two-factor setup stands (and, while being set up, what to scan). */
export async function twoFactorStatus(deps: Deps, actor: Actor) {
  const no = denied(actor, "account.manage");
  if (no) return no;
  const person = await me(deps, actor);
  if (!person) return fail("unauthorized", "Sign in again");
  const required = actor.tenant.require_totp === 1;
  if (person.totp_enabled === 1) return ok<TwoFactorState>({ enabled: true, required });
  if (!person.totp_secret) return ok<TwoFactorState>({ enabled: false, required });
  const uri = otpauthUri(person.totp_secret, person.email);
  const pending = { secret: person.totp_secret, otpauthUri: uri, qrSvg: await qrSvg(uri) };
  return ok<TwoFactorState>({ enabled: false, required, pending });
}

/**
 * Starts two-factor setup: a new secret, generated here, shown as an otpauth URI,
 * base32 text and a QR code. It counts only once confirmed with a code.
 */
export async function startTwoFactor(deps: Deps, actor: Actor) {
  const no = denied(actor, "account.manage");
  if (no) return no;
  const person = await me(deps, actor);
  if (!person) return fail("unauthorized", "Sign in again");
  if (person.totp_enabled === 1) return fail("conflict", "Two-factor sign-in is already on");
  const secret = newTotpSecret();
  const clinic = clinicOf(deps, actor);
  await clinic.setTotp(person.id, { secret, enabled: false });
  await audit(clinic, actor, { action: "user.totp_setup", targetType: "user", targetId: person.id });
  const uri = otpauthUri(secret, person.email);
  return ok({ secret, otpauthUri: uri, qrSvg: await qrSvg(uri) });
}

/** Turns two-factor on with a first code from the app (throttled like sign-in codes). */
export async function confirmTwoFactor(deps: Deps, actor: Actor, code: string) {
  const no = denied(actor, "account.manage");
  if (no) return no;
  const person = await me(deps, actor);
  if (!person) return fail("unauthorized", "Sign in again");
  if (person.totp_enabled === 1) return fail("conflict", "Two-factor sign-in is already on");
  if (!person.totp_secret) return fail("conflict", "Start the setup first");
  const who = { address: actor.address ?? "unknown", email: person.email, kind: "otp" as const };
  const r = await throttledCheck(deps.loginThrottle, who, () => verifyTotp(person.totp_secret, code));
  if (!r.ok) {
    return r.retryAfterSec !== null
      ? fail("too_many_attempts", "Too many wrong codes; try again later", r.retryAfterSec)
      : invalid("otp_wrong", "code: wrong code; check the time on your phone");
  }
  const clinic = clinicOf(deps, actor);
  await clinic.setTotp(person.id, { secret: person.totp_secret, enabled: true });
  await audit(clinic, actor, {
    action: "user.totp_enable",
    targetType: "user",
    targetId: person.id,
    summary: { before: { totp: false }, after: { totp: true } },
  });
  return ok({ enabled: true });
}

/** Turns two-factor off: needs the password and a current code; a clinic that requires it refuses. */
export async function disableTwoFactor(deps: Deps, actor: Actor, input: { password: string; code: string }) {
  const no = denied(actor, "account.manage");
  if (no) return no;
  if (actor.tenant.require_totp === 1) return fail("conflict", "Your clinic requires two-factor sign-in");
  const person = await me(deps, actor);
  if (!person) return fail("unauthorized", "Sign in again");
  if (person.totp_enabled !== 1) return fail("conflict", "Two-factor sign-in is off");
  const who = { address: actor.address ?? "unknown", email: person.email, kind: "otp" as const };
  const r = await throttledCheck(deps.loginThrottle, who, async () => {
    const [pw, otp] = await Promise.all([
      verifyPassword(input.password, person.password_hash),
      verifyTotp(person.totp_secret, input.code),
    ]);
    return pw && otp;
  });
  if (!r.ok) {
    return r.retryAfterSec !== null
      ? fail("too_many_attempts", "Too many wrong attempts; try again later", r.retryAfterSec)
      : invalid("password_or_otp_wrong", "password or code is wrong");
  }
  const clinic = clinicOf(deps, actor);
  await clinic.setTotp(person.id, { secret: null, enabled: false });
  await audit(clinic, actor, {
    action: "user.totp_disable",
    targetType: "user",
    targetId: person.id,
    summary: { before: { totp: true }, after: { totp: false } },
  });
  return ok({ enabled: false });
}
