import { randomBytes } from "node:crypto";
import {
  createSession,
  deleteSession,
  findUserByEmail,
  forClinic,
  recordInstanceAudit,
  sha256,
  type User,
} from "@klinik/db";
import { checkCredentials, throttledCheck } from "../credentials.ts";
import { type Actor, denied } from "./actor.ts";
import { type AuditEvent, audit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { fail, ok, type Result } from "./result.ts";
import { totpStep, USED_CODE_TTL_SEC } from "./totp.ts";

type Deps = Pick<ServiceDeps, "db" | "loginThrottle" | "config" | "redis">;
type AuditAction = AuditEvent["action"];

/** Where a sign-in comes from: recorded on the session and in the audit trail. */
export interface From {
  address: string;
  userAgent?: string | undefined;
}

export type Signed = { kind: "session"; token: string; expiresAt: string; user: User };
/** Password right, two-factor code still to come: the UI's second step carries `challenge`. */
export type SecondStep = { kind: "second_step"; challenge: string };

/** How long the second step of a sign-in may take. */
const CHALLENGE_TTL_SEC = 300;
const challengeKey = (deps: Deps, challenge: string) => `${deps.config.QUEUE_PREFIX}:login2:${sha256(challenge)}`;

/**
 * A sign-in attempt in the audit trail: in the person's clinic when the email named
 * one, else as an instance event (an unknown email, a throttled attempt).
 */
export async function recordSignIn(
  deps: Pick<Deps, "db">,
  who: { user?: User | undefined; email: string; address: string },
  action: AuditAction,
  summary?: Record<string, unknown>,
): Promise<void> {
  const entry = {
    actorId: who.user?.id ?? null,
    actorLabel: who.user?.email ?? who.email.slice(0, 254),
    action,
    targetType: "user",
    targetId: who.user?.id ?? null,
    summary: summary ?? null,
    address: who.address,
  };
  if (who.user) await forClinic(deps.db, who.user.tenant_id).recordAudit(entry);
  else await recordInstanceAudit(deps.db, entry);
}

/**
 * Whether this throttled attempt is the first of its wait for (address, account):
 * a flood of refused guesses writes one audit row per wait, not one per request,
 * so refusing stays a few Redis calls (shared by every API process).
 */
async function firstRefusal(
  deps: Pick<Deps, "redis" | "config">,
  kind: "password" | "otp",
  who: { email: string; address: string },
  waitSec: number,
): Promise<boolean> {
  const key = `${deps.config.QUEUE_PREFIX}:refused:${sha256(`${kind}\n${who.address}\n${who.email}`)}`;
  return (await deps.redis.set(key, "1", "EX", Math.max(1, Math.ceil(waitSec)), "NX")) === "OK";
}

/** A new session for a person who passed every check; its audit row says how. */
export async function startSession(
  deps: Pick<Deps, "db" | "config">,
  user: User,
  from: From,
  action: AuditAction = "auth.login",
): Promise<Signed> {
  const { token, expiresAt } = await createSession(deps.db, user, deps.config.SESSION_TTL_HOURS, {
    address: from.address,
    userAgent: from.userAgent ?? null,
  });
  await recordSignIn(deps, { user, email: user.email, address: from.address }, action);
  return { kind: "session", token, expiresAt, user };
}

const throttled = (sec: number) => fail("too_many_attempts", "Too many failed logins; try again later", sec);
const wrong = () => fail("invalid_credentials", "Email or password is wrong");

/**
 * Signs a person in for the API and the UI alike: throttled per (address,
 * account) and per address, so guessing is slow and nobody can lock the owner
 * out. A person with two-factor sign-in also gives `otp`; without it the answer
 * is a second step (the API answers 401 `otp_required`). Every attempt is audited.
 */
export async function login(
  deps: Deps,
  input: { email: string; password: string; otp?: string | undefined } & From,
): Promise<Result<Signed | SecondStep>> {
  const email = input.email.trim().toLowerCase().slice(0, 254);
  // checkCredentials normalises the address; the cut only bounds what a form may send.
  const res = await checkCredentials(deps.db, deps.loginThrottle, { ...input, email });
  const who = { email, address: input.address, user: res.ok ? res.user : res.user };
  if (!res.ok) {
    if (res.reason === "throttled") {
      const sec = res.retryAfterSec ?? 1;
      if (await firstRefusal(deps, "password", who, sec)) {
        await recordSignIn(deps, who, "auth.login_throttled", { retryAfterSec: sec, recorded: "first of this wait" });
      }
      return throttled(sec);
    }
    const reason = res.user ? res.reason : "unknown_email";
    await recordSignIn(deps, who, "auth.login_failed", { reason });
    return wrong();
  }
  const user = res.user;
  if (user.totp_enabled !== 1) return ok(await startSession(deps, user, input));
  if (!input.otp) {
    const challenge = randomBytes(24).toString("base64url");
    const value = JSON.stringify({ id: user.id, email: user.email });
    await deps.redis.set(challengeKey(deps, challenge), value, "EX", CHALLENGE_TTL_SEC);
    await recordSignIn(deps, who, "auth.login_otp_asked");
    return ok({ kind: "second_step", challenge });
  }
  const second = await secondFactor(deps, user, input.otp, input);
  return second.ok ? ok(await startSession(deps, user, input)) : second;
}

/** A two-factor code, throttled apart from passwords; wrong and throttled codes are audited. */
async function secondFactor(deps: Deps, user: User, otp: string, from: From): Promise<Result<true>> {
  const who = { user, email: user.email, address: from.address };
  const r = await throttledCheck(deps.loginThrottle, { ...who, kind: "otp" }, () => codeOnce(deps, user, otp));
  if (r.ok) return ok(true);
  const refusedUnheard = r.retryAfterSec !== null && !(await firstRefusal(deps, "otp", who, r.retryAfterSec));
  const action = r.retryAfterSec !== null ? "auth.login_throttled" : "auth.login_failed";
  if (!refusedUnheard) await recordSignIn(deps, who, action, { reason: "otp" });
  return r.retryAfterSec !== null ? throttled(r.retryAfterSec) : fail("invalid_credentials", "Wrong code");
}

/**
 * A right code signs in once: its time step is remembered (Redis, shared by every
 * API process) until it could no longer be accepted, so an overheard code is spent.
 */
async function codeOnce(deps: Deps, user: User, otp: string): Promise<boolean> {
  const step = await totpStep(user.totp_secret, otp);
  if (step === undefined) return false;
  const key = `${deps.config.QUEUE_PREFIX}:otp-used:${user.id}:${step}`;
  return (await deps.redis.set(key, "1", "EX", USED_CODE_TTL_SEC, "NX")) === "OK";
}

/** The second step of a sign-in: the challenge of the first and a two-factor code. */
export async function loginSecondStep(
  deps: Deps,
  input: { challenge: string; otp: string } & From,
): Promise<Result<Signed>> {
  const expired = () => fail("unauthorized", "This sign-in expired; start again");
  const key = challengeKey(deps, input.challenge.slice(0, 100));
  const stored = parseChallenge(await deps.redis.get(key));
  const found = stored ? await findUserByEmail(deps.db, stored.email) : undefined;
  const user = found?.id === stored?.id ? found : undefined;
  if (user?.active !== 1 || user.totp_enabled !== 1) return expired();
  const r = await secondFactor(deps, user, input.otp, input);
  if (!r.ok) return r;
  // One challenge, one session: of two right codes sent at once, one wins.
  if ((await deps.redis.del(key)) === 0) return expired();
  return ok(await startSession(deps, user, input));
}

function parseChallenge(v: string | null): { id: string; email: string } | undefined {
  try {
    const o = v ? JSON.parse(v) : undefined;
    return typeof o?.id === "string" && typeof o?.email === "string" ? o : undefined;
  } catch {
    return undefined;
  }
}

/** Ends the caller's session (the token alone names it). */
export async function logout(deps: Pick<Deps, "db">, token: string, actor: Actor): Promise<Result<true>> {
  const no = denied(actor, "session.end");
  if (no) return no;
  await deleteSession(deps.db, token);
  const clinic = forClinic(deps.db, actor.tenant.id);
  // Whoever leaves stops editing: their soft locks on claims and clarifications go with them.
  const released = await clinic.assignment.releaseLocksOf(actor.user.id);
  await audit(clinic, actor, {
    action: "auth.logout",
    targetType: "user",
    targetId: actor.user.id,
    ...(released > 0 ? { summary: { releasedClaims: released } } : {}),
  });
  return ok(true);
}
